package io.spirefy.pluginengine.cli.output;

import io.spirefy.pluginengine.api.AnchorInfo;
import io.spirefy.pluginengine.api.EventInfo;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.ListenerInfo;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.Resolution;
import io.spirefy.pluginengine.api.SignatureInfo;
import io.spirefy.pluginengine.api.plugin.Permission;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code inspect} shows: the loaded plugins with what they declare and how it resolved, and
 * the problems of the sources. One snapshot, rendered as a table or as JSON.
 */
public final class InspectReport {

    private final List<PluginInfo> plugins;
    private final List<AnchorInfo> anchors;
    private final List<HookInfo> hooks;
    private final List<EventInfo> events;
    private final List<ListenerInfo> listeners;
    private final List<Problem> problems;

    private InspectReport(PluginEngine engine, List<Problem> problems) {
        this.plugins = engine.plugins();
        this.anchors = engine.anchors();
        this.hooks = engine.hooks();
        this.events = engine.events();
        this.listeners = engine.listeners();
        this.problems = List.copyOf(problems);
    }

    /** @param problems every problem of the sources, including paths that could not be read at all */
    public static InspectReport of(PluginEngine engine, List<Problem> problems) {
        return new InspectReport(engine, problems);
    }

    // ---- JSON -------------------------------------------------------------------------------

    /**
     * {@code {"plugins":[{"id","version","name"?,"description"?,"state","source","signature","permissions":{"requested","granted"},"anchors","hooks","events","listeners"}],"problems":[{"source","message"}]}};
     * a hook is {@code {"ref","anchorId","func","resolved","anchorVersion"?,"reason"?}}; an anchor carries its
     * {@code "callSchema"} and {@code "responseSchema"}, an event its {@code "schema"} (each the JSON
     * Schema as declared, or {@code null}).
     */
    public Map<String, Object> toJsonTree() {
        List<Object> ps = new ArrayList<>();
        for (PluginInfo p : plugins) {
            String ref = p.ref();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.descriptor().id());
            m.put("version", p.descriptor().version().toString());
            if (p.descriptor().name() != null) m.put("name", p.descriptor().name());
            if (p.descriptor().description() != null) m.put("description", p.descriptor().description());
            m.put("state", p.state().name());
            if (p.failure() != null) m.put("failure", p.failure());
            m.put("source", p.source());
            m.put("signature", signatureJson(p.signature()));
            m.put("permissions", permissionsJson(p));
            m.put("anchors", anchors.stream().filter(a -> a.pluginRef().equals(ref)).map(InspectReport::anchorJson).toList());
            m.put("hooks", hooks.stream().filter(h -> ofPlugin(h.pluginId(), h.pluginVersion().toString(), p)).map(InspectReport::hookJson).toList());
            m.put("events", events.stream().filter(e -> e.pluginRef().equals(ref)).map(InspectReport::eventJson).toList());
            m.put("listeners", listeners.stream().filter(l -> ofPlugin(l.pluginId(), l.pluginVersion().toString(), p)).map(InspectReport::listenerJson).toList());
            ps.add(m);
        }
        List<Object> pr = new ArrayList<>();
        for (Problem p : problems) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", p.source());
            m.put("message", p.keyPath() == null ? p.message() : p.keyPath() + ": " + p.message());
            m.put("severity", p.severity().name());
            pr.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("plugins", ps);
        root.put("problems", pr);
        return root;
    }

    /** Contract section 9: what the manifest asks for, and what the host's policy granted of it. */
    private static Map<String, Object> permissionsJson(PluginInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requested", p.requestedPermissions().stream().map(Permission::text).toList());
        m.put("granted", p.grantedPermissions().stream().map(Permission::text).toList());
        return m;
    }

    /** {@code -} when nothing is asked for; else what is asked for, and what of it was granted. */
    private static String permissionsText(PluginInfo p) {
        if (p.requestedPermissions().isEmpty()) return "-";
        return join(p.requestedPermissions()) + " (granted: "
                + (p.grantedPermissions().isEmpty() ? "none" : join(p.grantedPermissions())) + ")";
    }

    private static String join(List<Permission> permissions) {
        return String.join(", ", permissions.stream().map(Permission::text).toList());
    }

    private static boolean ofPlugin(String id, String version, PluginInfo p) {
        return id.equals(p.descriptor().id()) && version.equals(p.descriptor().version().toString());
    }

    /** {@code {"signed","verified","publisher"?,"reason"?}}: the key id when signed, the reason when signed but not verified. */
    private static Map<String, Object> signatureJson(SignatureInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("signed", s.signed());
        m.put("verified", s.verified());
        if (s.signed()) m.put("publisher", s.publisher());
        if (s.signed() && !s.verified()) m.put("reason", s.reason());
        return m;
    }

    private static Map<String, Object> anchorJson(AnchorInfo a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.anchor().id());
        m.put("version", String.valueOf(a.anchor().version()));
        m.put("active", a.active());
        if (a.inactiveReason() != null) m.put("reason", a.inactiveReason());
        m.put("callSchema", a.anchor().callSchema());
        m.put("responseSchema", a.anchor().responseSchema());
        return m;
    }

    private static Map<String, Object> eventJson(EventInfo e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.event().id());
        m.put("version", String.valueOf(e.event().version()));
        m.put("active", e.active());
        if (e.inactiveReason() != null) m.put("reason", e.inactiveReason());
        m.put("schema", e.event().schema());
        return m;
    }

    private static Map<String, Object> hookJson(HookInfo h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ref", h.ref());
        m.put("anchorId", h.hook().anchorId());
        m.put("func", h.hook().func());
        putResolution(m, h.resolution(), "anchorVersion");
        return m;
    }

    private static Map<String, Object> listenerJson(ListenerInfo l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ref", l.ref());
        m.put("eventId", l.listener().eventId());
        m.put("func", l.listener().func());
        putResolution(m, l.resolution(), "eventVersion");
        return m;
    }

    private static void putResolution(Map<String, Object> m, Resolution r, String versionKey) {
        m.put("resolved", r.resolved());
        if (r.resolved()) {
            m.put(versionKey, r.targetVersion().toString());
        } else {
            m.put("reason", r.reason());
        }
    }

    // ---- text -------------------------------------------------------------------------------

    public void printText(PrintStream out) {
        Table t = new Table("Plugins", "PLUGIN", "STATE", "PERMISSIONS", "SOURCE", "SIGNATURE");
        for (PluginInfo p : plugins) {
            t.row(p.ref(), p.state() + (p.failure() == null ? "" : " (" + p.failure() + ")"), permissionsText(p), p.source(),
                    p.signature());
        }
        t.print(out);
        out.println();

        t = new Table("Anchors", "ANCHOR", "VERSION", "PLUGIN", "STATUS", "SCHEMAS");
        for (AnchorInfo a : anchors) {
            t.row(a.anchor().id(), a.anchor().version(), a.pluginRef(), a.active() ? "active" : "inactive: " + a.inactiveReason(),
                    SchemaSummary.of("callSchema", a.anchor().callSchema()) + "; "
                            + SchemaSummary.of("responseSchema", a.anchor().responseSchema()));
        }
        t.print(out);
        out.println();

        t = new Table("Hooks", "HOOK", "ANCHOR", "ORDER", "RESOLUTION");
        for (HookInfo h : hooks) {
            t.row(h.ref(), h.hook().anchorId() + (h.hook().anchorVersion() == null ? "" : " " + h.hook().anchorVersion()),
                    h.hook().order(), describe(h.resolution()));
        }
        t.print(out);
        out.println();

        t = new Table("Events", "EVENT", "VERSION", "PLUGIN", "STATUS", "SCHEMA");
        for (EventInfo e : events) {
            t.row(e.event().id(), e.event().version(), e.pluginRef(), e.active() ? "active" : "inactive: " + e.inactiveReason(),
                    SchemaSummary.of("schema", e.event().schema()));
        }
        t.print(out);
        out.println();

        t = new Table("Listeners", "LISTENER", "EVENT", "ORDER", "RESOLUTION");
        for (ListenerInfo l : listeners) {
            t.row(l.ref(), l.listener().eventId() + (l.listener().eventVersion() == null ? "" : " " + l.listener().eventVersion()),
                    l.listener().order(), describe(l.resolution()));
        }
        t.print(out);
        out.println();

        t = new Table("Problems", "SEVERITY", "SOURCE", "MESSAGE");
        for (Problem p : problems) {
            t.row(p.severity().name().toLowerCase(java.util.Locale.ROOT), p.source(),
                    (p.keyPath() == null ? "" : p.keyPath() + ": ") + p.message());
        }
        t.print(out);
    }

    private static String describe(Resolution r) {
        return r.resolved()
                ? "-> " + r.targetVersion() + (r.targetPlugin() == null ? "" : " of " + r.targetPlugin())
                : "unresolved: " + r.reason();
    }
}
