package io.spirefy.pluginengine.api;

/** A listener written in Java. Throwing marks this delivery failed; the other listeners still run. */
@FunctionalInterface
public interface EventListener {

    void onEvent(EventMessage message) throws Exception;
}
