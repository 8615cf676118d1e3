package io.spirefy.pluginengine.api;

/**
 * Where the engine reports what it does not throw: problems of plugin sources, and failures of
 * listeners and of asynchronous deliveries. The default logs through {@link System.Logger}.
 */
public interface EngineReporter {

    /**
     * A problem of a plugin source, or of the engine (e.g. no usable runtime at start).
     *
     * @param problem what and where; also kept in {@link PluginEngine#problems()}
     */
    void problem(Problem problem);

    /**
     * A listener failed; the other listeners of the event were still called.
     *
     * @param eventId   the event delivered
     * @param failure   which listener and why
     */
    void listenerFailed(String eventId, DeliveryReport.ListenerFailure failure);

}
