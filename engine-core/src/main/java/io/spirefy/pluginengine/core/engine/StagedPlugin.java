package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.PluginEngineException;

/**
 * The new version of a plugin being replaced, made ready outside the registry (contract section
 * 7, Replace): its module compiled and one instance made, its {@code start} run, before anything
 * can see it. Whatever fails here fails the replace and leaves the old plugin serving.
 */
final class StagedPlugin {

    private final PluginEntry entry;
    private final Modules modules;
    private InstancePool pool;

    StagedPlugin(PluginEntry entry, Modules modules) {
        this.entry = entry;
        this.modules = modules;
        entry.staged(true);
    }

    PluginEntry entry() {
        return entry;
    }

    /** Makes the first instance, which runs {@code start}; outside the registry's lock. Returns why it failed, or null. */
    String warm(InstancePool pool) {
        this.pool = pool;
        try {
            pool.warm();
            return null;
        } catch (PluginEngineException e) {
            // The factory records a plugin's own fault on the entry; its text is the plugin's words.
            return entry.failure() != null ? entry.failure() : e.getMessage();
        }
    }

    /** The warmed pool, handed to the entry as it goes live; null when it was not warmed. */
    InstancePool pool() {
        return pool;
    }

    /** Gives back all it took: for a replace that did not happen. */
    void discard() {
        if (pool != null) pool.close(0);
        modules.release(entry);
        entry.files.release();
    }
}
