package io.spirefy.pluginengine.core;

/** Where a host application gets an engine. */
public final class PluginEngines {

    private PluginEngines() {
    }
}
