package io.spirefy.pluginengine.api.plugin;

import java.util.Objects;

/**
 * An extension point a plugin (or the host) declares: hooks of other plugins resolve to it, and
 * its owner calls them.
 *
 * @param id             the global anchor id
 * @param name           a display name, or {@code null}
 * @param description    free text, or {@code null}
 * @param version        the anchor's version; {@code null} in a declaration means "the plugin's
 *                       version" and is filled in by {@link PluginDescriptor}
 * @param callSchema     JSON Schema of the payload sent to each hook, as a plain Java value
 *                       ({@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean}), or {@code null}
 * @param responseSchema JSON Schema of each hook's response, likewise, or {@code null}
 */
public record Anchor(String id, String name, String description, Version version,
                     Object callSchema, Object responseSchema) {

    /**
     * Checks that the anchor has an id.
     *
     * @param id             the global anchor id
     * @param name           a display name, or {@code null}
     * @param description    free text, or {@code null}
     * @param version        the anchor's version; {@code null} in a declaration means "the plugin's
     *                       version" and is filled in by {@link PluginDescriptor}
     * @param callSchema     JSON Schema of the payload sent to each hook, as a plain Java value
     *                       ({@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean}), or {@code null}
     * @param responseSchema JSON Schema of each hook's response, likewise, or {@code null}
     * @throws NullPointerException without an id
     */
    public Anchor {
        Objects.requireNonNull(id, "anchor id");
    }

    /**
     * An anchor with only an id and a version: what a host usually declares.
     *
     * @param id      the global anchor id
     * @param version the anchor's version
     * @return the anchor, without display fields or schemas
     */

    public static Anchor of(String id, Version version) {
        return new Anchor(id, null, null, version, null, null);
    }

    Anchor withDefaultVersion(Version pluginVersion) {
        return version != null ? this : new Anchor(id, name, description, pluginVersion, callSchema, responseSchema);
    }
}
