package io.spirefy.pluginengine.api;

/**
 * Where the engine reports what it does not throw: problems of plugin sources, and failures of
 * listeners and of asynchronous deliveries. The default logs through {@link System.Logger}.
 */
public interface EngineReporter {

    void problem(Problem problem);

    void listenerFailed(String eventId, DeliveryReport.ListenerFailure failure);
}
