package io.spirefy.pluginengine.api;

/**
 * Where the engine reports what it does not throw: problems of plugin sources, and failures of
 * listeners and of asynchronous deliveries. The default logs through {@link System.Logger}.
 */
public interface EngineReporter {

    void problem(Problem problem);

    void listenerFailed(String eventId, DeliveryReport.ListenerFailure failure);

    /**
     * A line of a plugin's own output: what it logged, or wrote to stdout or stderr (contract
     * section 5), at most the engine's per-call bound of it. Called on the thread of the call,
     * while the plugin runs: keep it quick; what it throws is ignored. The default logs it through
     * the {@link System.Logger} named {@code pluginengine.plugin.<pluginId>} at the line's level,
     * as {@link GuestLine#toString()}.
     */
    default void guestOutput(GuestLine line) {
        System.getLogger("pluginengine.plugin." + line.pluginId()).log(line.level(), line.toString());
    }
}
