package io.spirefy.pluginengine.api;

/** Observes every lifecycle change of every plugin. Called on the thread that made the change. */
@FunctionalInterface
public interface PluginStateListener {

    /**
     * @param pluginRef {@code id@version}
     * @param from      the previous state, or {@code null} when the plugin was just registered
     * @param to        the new state
     * @param cause     why, for FAILED (and for a plugin that cannot start), else {@code null}
     */
    void stateChanged(String pluginRef, PluginState from, PluginState to, String cause);
}
