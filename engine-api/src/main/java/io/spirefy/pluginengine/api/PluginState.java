package io.spirefy.pluginengine.api;

/** Where a plugin is in its lifecycle (contract section 7). */
public enum PluginState {
    /** Registered from its archive; dependencies not yet checked. */
    LOADED,
    /** Its required dependencies are present and in range; not started. */
    RESOLVED,
    /** Active: its hooks and listeners can be called. Instances are made at start or on first use. */
    STARTED,
    /** Stopped by the host; its instances were discarded and its items are inactive. */
    STOPPED,
    /** Its start failed, or its module could not be compiled; see {@link PluginInfo#failure()}. */
    FAILED,
    /** Removed from the engine. */
    UNLOADED
}
