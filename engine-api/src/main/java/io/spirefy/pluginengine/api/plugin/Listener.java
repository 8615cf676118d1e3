package io.spirefy.pluginengine.api.plugin;

import java.util.Objects;

/**
 * An exported function the engine calls for each event it is resolved to.
 *
 * @param id           unique within the plugin; {@code null} in a declaration means {@code func}
 * @param eventId      the event listened to
 * @param eventVersion the event version written against, or {@code null} (as for hooks)
 * @param func         the exported function
 * @param order        lower runs first, as for hooks
 */
public record Listener(String id, String eventId, Version eventVersion, String func, int order) {

    /**
     * Checks the listener and defaults its id to the function's name.
     *
     * @param id           unique within the plugin; {@code null} in a declaration means {@code func}
     * @param eventId      the event listened to
     * @param eventVersion the event version written against, or {@code null} (as for hooks)
     * @param func         the exported function
     * @param order        lower runs first, as for hooks
     * @throws NullPointerException without an event id or a function
     */
    public Listener {

        Objects.requireNonNull(eventId, "listener eventId");
        Objects.requireNonNull(func, "listener func");
        if (id == null) id = func;
    }
}
