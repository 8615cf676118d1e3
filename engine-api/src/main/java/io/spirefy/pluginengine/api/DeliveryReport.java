package io.spirefy.pluginengine.api;

import java.util.List;

/**
 * What happened when an event was sent.
 *
 * @param eventId   the event
 * @param delivered how many listeners completed without error
 * @param failures  the listeners that failed, in delivery order
 */
public record DeliveryReport(String eventId, int delivered, List<ListenerFailure> failures) {

    /**
     * Copies the failures.
     *
     * @param eventId   the event
     * @param delivered how many listeners completed without error
     * @param failures  the listeners that failed, in delivery order
     * @throws NullPointerException when {@code failures} is {@code null}
     */
    public DeliveryReport {

        failures = List.copyOf(failures);
    }

    /**
     * One listener's failure.
     *
     * @param listenerRef {@code pluginId@version/listenerId}
     * @param error       why it failed
     */
    public record ListenerFailure(String listenerRef, PluginEngineException error) {
    }
}
