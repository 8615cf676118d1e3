package io.spirefy.pluginengine.cli.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One line about a payload schema for the {@code inspect} tables: a whole schema would break the
 * table, so the common top-level keys ({@code type}, {@code required}) are named and anything else
 * is shown as compact JSON cut to a readable length. {@code --json} shows the schema itself.
 */
final class SchemaSummary {

    static final int MAX = 60;

    private SchemaSummary() {
    }

    /** {@code "callSchema: yes (type object, required [name])"}, or {@code "callSchema: no"}. */
    static String of(String label, Object schema) {
        if (schema == null) return label + ": no";
        return label + ": yes (" + shortForm(schema) + ")";
    }

    static String shortForm(Object schema) {
        if (schema instanceof Map<?, ?> m && (m.containsKey("type") || m.containsKey("required"))) {
            List<String> parts = new ArrayList<>();
            if (m.get("type") != null) parts.add("type " + scalarOrJson(m.get("type")));
            if (m.get("required") instanceof List<?> req) parts.add("required " + req);
            if (m.get("properties") instanceof Map<?, ?> props) parts.add("properties " + props.keySet());
            return cut(String.join(", ", parts));
        }
        return cut(Json.compact(schema));
    }

    private static String scalarOrJson(Object v) {
        return v instanceof String s ? s : Json.compact(v);
    }

    private static String cut(String s) {
        return s.length() <= MAX ? s : s.substring(0, MAX - 3) + "...";
    }
}
