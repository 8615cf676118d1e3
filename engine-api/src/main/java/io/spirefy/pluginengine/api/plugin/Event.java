package io.spirefy.pluginengine.api.plugin;

import java.util.Objects;

/**
 * A named message a plugin (or the host) declares and sends through the engine's event bus.
 *
 * @param id          the global event id
 * @param version     the event's version; {@code null} in a declaration means "the plugin's version"
 * @param schema      JSON Schema of the payload as a plain Java value, or {@code null}
 * @param description free text, or {@code null}
 */
public record Event(String id, Version version, Object schema, String description) {

    /**
     * Checks that the event has an id.
     *
     * @param id          the global event id
     * @param version     the event's version; {@code null} in a declaration means "the plugin's version"
     * @param schema      JSON Schema of the payload as a plain Java value, or {@code null}
     * @param description free text, or {@code null}
     * @throws NullPointerException without an id
     */
    public Event {
        Objects.requireNonNull(id, "event id");
    }

    /**
     * An event with only an id and a version: what a host usually declares.
     *
     * @param id      the global event id
     * @param version the event's version
     * @return the event, without schema or description
     */

    public static Event of(String id, Version version) {
        return new Event(id, version, null, null);
    }

    Event withDefaultVersion(Version pluginVersion) {
        return version != null ? this : new Event(id, pluginVersion, schema, description);
    }
}
