package io.spirefy.pluginengine.manifest.yaml;

import io.spirefy.pluginengine.api.ManifestException;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Dependency;
import io.spirefy.pluginengine.api.plugin.Event;
import io.spirefy.pluginengine.api.plugin.Hook;
import io.spirefy.pluginengine.api.plugin.Listener;
import io.spirefy.pluginengine.api.plugin.Permission;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.api.spi.ManifestContext;
import io.spirefy.pluginengine.api.spi.ManifestResult;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Checks a parsed plugin.yaml against contract section 3, key by key, and builds the
 * {@link PluginDescriptor}. It never stops at the first mistake: every error is collected, each
 * with its key path ({@code hooks[2].func}) and what was found against what was expected, so an
 * author fixes a manifest in one round. Defaults of the contract are left to PluginDescriptor and
 * its records, so that every manifest format applies them the same way.
 *
 * <p>One instance reads one manifest.
 */
final class ManifestReader {

    /** Reserved: names the host application wherever a plugin id is expected. */
    static final String HOST_ID = "host";

    private static final List<String> TOP_KEYS = List.of("id", "name", "version", "description", "wasm",
            "sha256", "loadOnStart", "permissions", "dependencies", "anchors", "hooks", "events", "listeners");
    private static final List<String> DEPENDENCY_KEYS = List.of("pluginId", "minVersion", "maxVersion");
    private static final List<String> ANCHOR_KEYS = List.of("id", "name", "description", "version",
            "callSchema", "responseSchema");
    private static final List<String> HOOK_KEYS = List.of("id", "anchorId", "anchorVersion", "func", "order",
            "name", "description", "metadata", "dependencies");
    private static final List<String> EVENT_KEYS = List.of("id", "version", "schema", "description");
    private static final List<String> LISTENER_KEYS = List.of("id", "eventId", "eventVersion", "func", "order");

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String ID_GRAMMAR = PluginDescriptor.ID_PATTERN.pattern()
            + " (letters (either case) and digits, in words joined by '.', '_' or '-', e.g. org.example.Greeter)";

    private final ManifestContext context;
    private final List<Problem> errors;
    private final List<Problem> warnings = new ArrayList<>();

    /**
     * @param errors errors found so far (by the YAML reader); this reader adds its own
     */
    ManifestReader(ManifestContext context, List<Problem> errors) {
        this.context = context;
        this.errors = errors;
    }

    /**
     * @param root the document's root, or {@code null} for a file with no document
     * @throws ManifestException with every error found
     */
    ManifestResult read(YamlNode root) {
        if (root == null || root.isNull()) {
            error(null, "the manifest is empty; expected a mapping with at least 'id' and 'version'");
            throw new ManifestException(errors);
        }
        if (root.kind() != YamlNode.Kind.MAPPING) {
            error(null, "expected a mapping of manifest keys (id, version, ...) at the top level, got "
                    + root.describe() + " " + root.where());
            throw new ManifestException(errors);
        }
        Fields top = new Fields(root, "", TOP_KEYS);
        String id = top.pluginId("id", true);
        if (HOST_ID.equals(id)) {
            top.error("id", "'host' is reserved for the host application; choose another plugin id");
        }
        Version version = top.version("version", true);
        String name = top.text("name");
        String description = top.text("description");
        String wasm = top.wasmPath("wasm");
        String sha256 = top.sha256("sha256");
        boolean loadOnStart = top.bool("loadOnStart", false);
        List<Permission> permissions = permissions(top, "permissions");
        List<Dependency> dependencies = dependencies(top, "dependencies");
        List<Anchor> anchors = entries(top, "anchors", "anchor", ANCHOR_KEYS, this::anchor);
        List<Hook> hooks = entries(top, "hooks", "hook", HOOK_KEYS, this::hook);
        List<Event> events = entries(top, "events", "event", EVENT_KEYS, this::event);
        List<Listener> listeners = entries(top, "listeners", "listener", LISTENER_KEYS, this::listener);

        if (!errors.isEmpty()) throw new ManifestException(errors);
        try {
            PluginDescriptor descriptor = new PluginDescriptor(id, name, version, description, wasm, sha256,
                    loadOnStart, dependencies, anchors, hooks, events, listeners, permissions);
            return new ManifestResult(descriptor, warnings);
        } catch (IllegalArgumentException | NullPointerException e) {
            // Everything the descriptor checks is checked above with a key path; this is a safety net.
            error(null, e.getMessage());
            throw new ManifestException(errors);
        }
    }

    private Anchor anchor(Fields f, Ids ids) {
        String id = f.identifier("id", true);
        ids.check(id, f.path("id"));
        String name = f.text("name");
        String description = f.text("description");
        Version version = f.version("version", false);
        Object callSchema = f.any("callSchema");
        Object responseSchema = f.any("responseSchema");
        return id == null ? null : new Anchor(id, name, description, version, callSchema, responseSchema);
    }

    private Hook hook(Fields f, Ids ids) {
        String id = f.identifier("id", true);
        ids.check(id, f.path("id"));
        String anchorId = f.identifier("anchorId", true);
        Version anchorVersion = f.version("anchorVersion", false);
        String func = f.identifier("func", true);
        int order = f.order("order");
        String name = f.text("name");
        String description = f.text("description");
        Object metadata = f.any("metadata");
        List<Dependency> dependencies = dependencies(f, "dependencies");
        if (id == null || anchorId == null || func == null) return null;
        return new Hook(id, anchorId, anchorVersion, func, order, name, description, metadata, dependencies);
    }

    private Event event(Fields f, Ids ids) {
        String id = f.identifier("id", true);
        ids.check(id, f.path("id"));
        Version version = f.version("version", false);
        Object schema = f.any("schema");
        String description = f.text("description");
        return id == null ? null : new Event(id, version, schema, description);
    }

    private Listener listener(Fields f, Ids ids) {
        String id = f.identifier("id", false);
        String eventId = f.identifier("eventId", true);
        Version eventVersion = f.version("eventVersion", false);
        String func = f.identifier("func", true);
        int order = f.order("order");
        // The id defaults to func (as Listener does), so that is what must be unique.
        if (id != null) {
            ids.check(id, f.path("id"));
        } else if (func != null && f.get("id") == null) {
            ids.check(func, f.path("func"));
        }
        if (eventId == null || func == null) return null;
        return new Listener(id, eventId, eventVersion, func, order);
    }

    /** The {@code permissions} list: each entry a string naming one permission, none twice. */
    private List<Permission> permissions(Fields owner, String key) {
        YamlNode list = owner.get(key);
        if (list == null) return List.of();
        if (list.kind() != YamlNode.Kind.SEQUENCE) {
            owner.error(key, "expected a list of permissions (each " + Permission.GRAMMAR + "), got "
                    + list.describe() + " " + list.where());
            return List.of();
        }
        List<Permission> result = new ArrayList<>();
        Map<Permission, String> seen = new HashMap<>();
        List<YamlNode> items = list.items();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String itemPath = owner.path(key) + "[" + i + "]";
            if (item.kind() != YamlNode.Kind.STRING) {
                error(itemPath, "expected a permission (" + Permission.GRAMMAR + "), got " + item.describe() + " " + item.where());
                continue;
            }
            Permission permission;
            try {
                permission = Permission.parse(item.text());
            } catch (IllegalArgumentException e) {
                error(itemPath, e.getMessage() + " " + item.where());
                continue;
            }
            String first = seen.putIfAbsent(permission, itemPath);
            if (first != null) {
                error(itemPath, "permission '" + permission + "' is already asked for at " + first);
                continue;
            }
            result.add(permission);
        }
        return result;
    }

    private List<Dependency> dependencies(Fields owner, String key) {
        return entries(owner, key, "dependency", DEPENDENCY_KEYS, (f, ids) -> {
            String pluginId = f.pluginId("pluginId", true);
            Version min = f.version("minVersion", false);
            Version max = f.version("maxVersion", false);
            if (min != null && max != null && min.compareTo(max) >= 0) {
                f.error("minVersion", "minVersion " + min + " is not lower than maxVersion " + max
                        + " (minVersion is inclusive, maxVersion exclusive, so no version would match)");
                return null;
            }
            return pluginId == null ? null : new Dependency(pluginId, min, max);
        });
    }

    /**
     * Reads the list under {@code key}: each entry must be a mapping, read by {@code reader}; entries
     * with errors come back as {@code null} and are left out (the errors already say why).
     */
    private <T> List<T> entries(Fields owner, String key, String kind, List<String> known,
                                BiFunction<Fields, Ids, T> reader) {
        YamlNode list = owner.get(key);
        if (list == null) return List.of();
        if (list.kind() != YamlNode.Kind.SEQUENCE) {
            owner.error(key, "expected a list of " + kind + " entries (each a mapping starting with '- '), got "
                    + list.describe() + " " + list.where());
            return List.of();
        }
        String listPath = owner.path(key);
        Ids ids = new Ids(kind);
        List<T> result = new ArrayList<>();
        List<YamlNode> items = list.items();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String itemPath = listPath + "[" + i + "]";
            if (item.kind() != YamlNode.Kind.MAPPING) {
                error(itemPath, "expected a mapping with the keys of " + article(kind) + " (" + String.join(", ", known)
                        + "), got " + item.describe() + " " + item.where());
                continue;
            }
            ids.index = itemPath;
            T value = reader.apply(new Fields(item, itemPath, known), ids);
            if (value != null) result.add(value);
        }
        return result;
    }

    private static String article(String kind) {
        return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }

    private void error(String keyPath, String message) {
        errors.add(Problem.error(context.source(), keyPath, message));
    }

    /** Tracks the ids of one list, so a repeated id names both entries. */
    private final class Ids {
        private final String kind;
        private final Map<String, String> seen = new HashMap<>();
        String index;

        Ids(String kind) {
            this.kind = kind;
        }

        void check(String id, String keyPath) {
            if (id == null) return;
            String first = seen.putIfAbsent(id, index);
            if (first != null) {
                error(keyPath, kind + " id '" + id + "' is already used by " + first + "; " + kind
                        + " ids must be unique in the plugin");
            }
        }
    }

    /** The keys of one mapping, read with their types checked; unknown keys are reported at once. */
    private final class Fields {
        private final YamlNode node;
        private final String path;

        Fields(YamlNode node, String path, List<String> known) {
            this.node = node;
            this.path = path;
            for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
                if (!known.contains(e.getKey())) unknown(e.getKey(), e.getValue(), known);
            }
        }

        private void unknown(String key, YamlNode value, List<String> known) {
            String hint = known.stream().filter(k -> k.equalsIgnoreCase(key)).findFirst()
                    .map(k -> "did you mean '" + k + "'?")
                    .orElse("expected one of " + String.join(", ", known));
            String message = "unknown key " + value.where() + "; " + hint;
            if (context.strict()) {
                errors.add(Problem.error(context.source(), path(key), message));
            } else {
                warnings.add(Problem.warning(context.source(), path(key), message + " (ignored)"));
            }
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        boolean has(String key) {
            return node.entries().containsKey(key);
        }

        /** The value under {@code key}; {@code null} when absent or written without a value. */
        YamlNode get(String key) {
            YamlNode v = node.entries().get(key);
            return v == null || v.isNull() ? null : v;
        }

        void error(String key, String message) {
            ManifestReader.this.error(path(key), message);
        }

        private void missing(String key, String what) {
            error(key, "required " + what + " is missing" + (has(key) ? " (the key has no value)" : ""));
        }

        /** A string-typed scalar: a number or boolean here is a mistake, not text. */
        String identifier(String key, boolean required) {
            YamlNode v = get(key);
            if (v == null) {
                if (required) missing(key, "string");
                return null;
            }
            if (v.kind() != YamlNode.Kind.STRING) {
                error(key, "expected a string, got " + v.describe() + " " + v.where()
                        + (v.isScalar() ? "; quote it if it is meant as text" : ""));
                return null;
            }
            if (v.text().isBlank()) {
                error(key, "must not be empty " + v.where());
                return null;
            }
            return v.text();
        }

        /** Free text: any scalar counts, as written (so {@code name: 1.0} keeps its "1.0"). */
        String text(String key) {
            YamlNode v = get(key);
            if (v == null) return null;
            if (!v.isScalar()) {
                error(key, "expected text, got " + v.describe() + " " + v.where());
                return null;
            }
            return v.text();
        }

        String pluginId(String key, boolean required) {
            String id = identifier(key, required);
            if (id != null && !PluginDescriptor.ID_PATTERN.matcher(id).matches()) {
                error(key, "'" + id + "' does not match " + ID_GRAMMAR + " " + get(key).where());
                return null;
            }
            return id;
        }

        Version version(String key, boolean required) {
            YamlNode v = get(key);
            if (v == null) {
                if (required) missing(key, "SemVer version (e.g. 1.2.3)");
                return null;
            }
            if (v.kind() == YamlNode.Kind.INTEGER || v.kind() == YamlNode.Kind.FLOAT) {
                // `version: 1.0` is a YAML float; coercing it would invent a version the author never wrote.
                error(key, "expected a SemVer version string, got " + v.describe() + " " + v.where()
                        + ", which YAML reads as a number: write MAJOR.MINOR.PATCH (e.g. 1.0.0) or quote it");
                return null;
            }
            if (v.kind() != YamlNode.Kind.STRING) {
                error(key, "expected a SemVer version string (e.g. 1.2.3), got " + v.describe() + " " + v.where());
                return null;
            }
            try {
                return Version.parse(v.text());
            } catch (IllegalArgumentException e) {
                error(key, e.getMessage() + " " + v.where());
                return null;
            }
        }

        int order(String key) {
            YamlNode v = get(key);
            if (v == null) return 0;
            if (v.kind() != YamlNode.Kind.INTEGER) {
                error(key, "expected an integer, got " + v.describe() + " " + v.where());
                return 0;
            }
            Object n = v.scalarValue();
            if (!(n instanceof Integer)) {
                error(key, "expected an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", got "
                        + (n instanceof BigInteger || n instanceof Long ? v.text() : v.describe()) + " " + v.where());
                return 0;
            }
            return (Integer) n;
        }

        boolean bool(String key, boolean defaultValue) {
            YamlNode v = get(key);
            if (v == null) return defaultValue;
            if (v.kind() != YamlNode.Kind.BOOLEAN) {
                error(key, "expected a boolean (true or false), got " + v.describe() + " " + v.where());
                return defaultValue;
            }
            return (Boolean) v.scalarValue();
        }

        /** Any YAML value, handed over as plain Java values; unknown keys inside are not ours to judge. */
        Object any(String key) {
            YamlNode v = get(key);
            return v == null ? null : v.toPlain();
        }

        String sha256(String key) {
            String hex = identifier(key, false);
            if (hex != null && !SHA256.matcher(hex).matches()) {
                error(key, "'" + hex + "' is not a SHA-256 digest (expected 64 hexadecimal digits, got "
                        + hex.length() + " characters) " + get(key).where());
                return null;
            }
            return hex == null ? null : hex.toLowerCase(Locale.ROOT);
        }

        /** A module path inside the archive; the archive reader does the full check (section 2). */
        String wasmPath(String key) {
            String p = identifier(key, false);
            if (p == null) return null;
            String problem = null;
            if (p.indexOf('\\') >= 0) {
                problem = "contains a backslash; use '/' between folders";
            } else if (p.startsWith("/") || p.matches("[A-Za-z]:.*")) {
                problem = "is absolute; expected a path inside the archive, e.g. greeter.wasm";
            } else if (List.of(p.split("/")).contains("..")) {
                problem = "contains a '..' segment; expected a path inside the archive";
            }
            if (problem != null) {
                error(key, "'" + p + "' " + problem + " " + get(key).where());
                return null;
            }
            return p;
        }
    }
}
