package io.spirefy.pluginengine.api;

/** A listener written in Java. Throwing marks this delivery failed; the other listeners still run. */
@FunctionalInterface
public interface EventListener {

    /**
     * Handles one delivery, on the sending thread: a slow listener delays the sender.
     *
     * @param message the event, its payload and its sender
     * @throws Exception to mark this delivery failed; it is reported, not rethrown to the sender
     */
    void onEvent(EventMessage message) throws Exception;

}
