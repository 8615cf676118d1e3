package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.spi.WasmInstance;

/**
 * One live instance of a plugin with the state the engine keeps for it: the last error its
 * engine calls left (contract section 5, {@code GetLastError}) and whether it may be reused.
 */
final class InstanceSlot {

    private final PluginEntry entry;
    private WasmInstance instance;
    private volatile String lastError;
    private volatile boolean broken;

    InstanceSlot(PluginEntry entry) {
        this.entry = entry;
    }

    void attach(WasmInstance instance) {
        this.instance = instance;
    }

    PluginEntry entry() { return entry; }

    WasmInstance instance() { return instance; }

    String lastError() { return lastError; }

    void lastError(String message) { this.lastError = message; }

    /** After a trap, a timeout or a memory fault its state cannot be trusted: it is discarded, not reused. */
    void markBroken() { broken = true; }

    boolean broken() { return broken; }
}
