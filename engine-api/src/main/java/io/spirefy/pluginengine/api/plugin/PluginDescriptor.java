package io.spirefy.pluginengine.api.plugin;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a manifest says about one plugin. Immutable; defaults of the contract are applied here so
 * that every manifest format gets them the same way: {@code name} defaults to {@code id}, anchor
 * and event versions to the plugin's version.
 *
 * @param id           matches {@link #ID_PATTERN}
 * @param name         display name
 * @param version      the plugin's version
 * @param description  free text, or {@code null}
 * @param wasm         the module's path inside the archive, or {@code null} for "the only *.wasm"
 * @param sha256       lower-case hex SHA-256 the module must have, or {@code null}
 * @param loadOnStart  instantiate at engine start rather than on first use
 * @param dependencies plugins this one needs
 * @param anchors      declared anchors, in declaration order
 * @param hooks        declared hooks, in declaration order
 * @param events       declared events, in declaration order
 * @param listeners    declared listeners, in declaration order
 * @param permissions  what it asks for beyond the core (contract section 9), without repeats;
 *                     granted only as far as the host's policy allows
 */
public record PluginDescriptor(String id, String name, Version version, String description,
                               String wasm, String sha256, boolean loadOnStart,
                               List<Dependency> dependencies, List<Anchor> anchors, List<Hook> hooks,
                               List<Event> events, List<Listener> listeners, List<Permission> permissions) {

    /**
     * The plugin id grammar of the contract (section 3): words of ASCII letters and digits joined by
     * {@code .}, {@code _} or {@code -}. Case-sensitive, capitals allowed (compat: the original
     * engine's README names plugins like {@code mycompany.plugins.MyPlugin}).
     */
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9]+([._-][A-Za-z0-9]+)*");

    /**
     * Applies the contract's defaults and checks what a manifest format cannot be trusted to have
     * checked; the lists are copied.
     *
     * @param id           matches {@link #ID_PATTERN}
     * @param name         display name
     * @param version      the plugin's version
     * @param description  free text, or {@code null}
     * @param wasm         the module's path inside the archive, or {@code null} for "the only *.wasm"
     * @param sha256       lower-case hex SHA-256 the module must have, or {@code null}
     * @param loadOnStart  instantiate at engine start rather than on first use
     * @param dependencies plugins this one needs
     * @param anchors      declared anchors, in declaration order
     * @param hooks        declared hooks, in declaration order
     * @param events       declared events, in declaration order
     * @param listeners    declared listeners, in declaration order
     * @param permissions  what it asks for beyond the core (contract section 9), without repeats;
     *                     granted only as far as the host's policy allows
     * @throws NullPointerException     without an id or a version
     * @throws IllegalArgumentException for an id that does not match {@link #ID_PATTERN}, or an
     *                                  anchor, hook, event or listener id declared twice
     */
    public PluginDescriptor {
        Objects.requireNonNull(id, "plugin id");
        Objects.requireNonNull(version, "plugin version");
        if (!ID_PATTERN.matcher(id).matches()) {
            throw new IllegalArgumentException("plugin id '" + id + "' does not match " + ID_PATTERN.pattern());
        }
        if (name == null) name = id;
        if (sha256 != null) sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
        Version v = version;
        dependencies = copy(dependencies);
        anchors = copy(anchors).stream().map(a -> a.withDefaultVersion(v)).toList();
        hooks = copy(hooks);
        events = copy(events).stream().map(e -> e.withDefaultVersion(v)).toList();
        listeners = copy(listeners);
        permissions = copy(permissions).stream().distinct().toList();
        requireUnique(id, "anchor", anchors, Anchor::id);
        requireUnique(id, "hook", hooks, Hook::id);
        requireUnique(id, "event", events, Event::id);
        requireUnique(id, "listener", listeners, Listener::id);
    }

    /**
     * A descriptor that asks for no permission.
     *
     * @param id           matches {@link #ID_PATTERN}
     * @param name         display name, or {@code null} for the id
     * @param version      the plugin's version
     * @param description  free text, or {@code null}
     * @param wasm         the module's path inside the archive, or {@code null} for "the only *.wasm"
     * @param sha256       hex SHA-256 the module must have, or {@code null}
     * @param loadOnStart  instantiate at engine start rather than on first use
     * @param dependencies plugins this one needs
     * @param anchors      declared anchors, in declaration order
     * @param hooks        declared hooks, in declaration order
     * @param events       declared events, in declaration order
     * @param listeners    declared listeners, in declaration order
     */
    public PluginDescriptor(String id, String name, Version version, String description,
                            String wasm, String sha256, boolean loadOnStart,
                            List<Dependency> dependencies, List<Anchor> anchors, List<Hook> hooks,
                            List<Event> events, List<Listener> listeners) {
        this(id, name, version, description, wasm, sha256, loadOnStart, dependencies, anchors, hooks, events, listeners, List.of());
    }

    /**
     * {@code id@version}, the key a plugin is registered under.
     *
     * @return the ref
     */

    public String ref() {
        return id + "@" + version;
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    private static <T> void requireUnique(String plugin, String kind, List<T> items, Function<T, String> key) {
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            if (!seen.add(key.apply(item))) {
                throw new IllegalArgumentException("plugin " + plugin + " declares " + kind + " '"
                        + key.apply(item) + "' more than once");
            }
        }
    }
}
