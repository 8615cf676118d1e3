package io.spirefy.pluginengine.cli.console;

import io.spirefy.pluginengine.api.AnchorInfo;
import io.spirefy.pluginengine.api.EventInfo;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.ListenerInfo;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.Resolution;
import io.spirefy.pluginengine.api.plugin.Version;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph of anchors and hooks, events and listeners as one SVG: a two-layer layout, what is
 * declared (anchors, then events) on the left, what contributes to it (hooks, then listeners) on
 * the right, a line for each resolution. A pending hook or listener is drawn dashed in red with
 * its reason, and a dashed line to the anchor or event of that id when one is loaded at all.
 * Every text is escaped ({@link Markup}); the SVG holds no script and loads nothing.
 */
public final class GraphSvg {

    private static final int LEFT_X = 20;
    private static final int LEFT_W = 320;
    private static final int RIGHT_X = 480;
    private static final int RIGHT_W = 420;
    private static final int WIDTH = RIGHT_X + RIGHT_W + 20;
    private static final int BOX_H = 42;
    private static final int GAP = 10;
    private static final int HEADER_H = 30;
    private static final int TOP = 16;
    /** Characters of a box's lines at their font size; the full text is in the box's tooltip. */
    private static final int TITLE_CHARS = 46;
    private static final int LINE_CHARS = 62;

    private final List<Node> left = new ArrayList<>();
    private final List<Node> right = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    /** Where the left column's Events heading goes. */
    private int eventsHeader;

    private GraphSvg() {
    }

    /** A snapshot of the engine's graph. */
    public static String render(PluginEngine engine) {
        return render(engine.anchors(), engine.hooks(), engine.events(), engine.listeners());
    }

    public static String render(List<AnchorInfo> anchors, List<HookInfo> hooks, List<EventInfo> events, List<ListenerInfo> listeners) {
        GraphSvg g = new GraphSvg();
        g.layout(anchors, hooks, events, listeners);
        return g.write();
    }

    private record Node(String kind, String title, String subtitle, String tooltip, boolean ok, int y) {
    }

    private record Edge(int from, int to, boolean resolved, String tooltip) {
    }

    private void layout(List<AnchorInfo> anchors, List<HookInfo> hooks, List<EventInfo> events, List<ListenerInfo> listeners) {
        Map<String, Integer> anchorIndex = new LinkedHashMap<>();
        Map<String, Integer> anchorById = new LinkedHashMap<>();
        int y = TOP + HEADER_H;
        for (AnchorInfo a : anchors) {
            anchorIndex.put(key(a.anchor().id(), a.anchor().version(), a.pluginRef()), left.size());
            anchorById.putIfAbsent(a.anchor().id(), left.size());
            left.add(new Node("anchor", a.anchor().id(), a.anchor().version() + " \u00b7 " + a.pluginRef(),
                    a.active() ? "anchor " + a.anchor().id() : "inactive: " + a.inactiveReason(), a.active(), y));
            y += BOX_H + GAP;
        }
        int eventsTop = y + HEADER_H;
        y = eventsTop;
        Map<String, Integer> eventIndex = new LinkedHashMap<>();
        Map<String, Integer> eventById = new LinkedHashMap<>();
        for (EventInfo e : events) {
            eventIndex.put(key(e.event().id(), e.event().version(), e.pluginRef()), left.size());
            eventById.putIfAbsent(e.event().id(), left.size());
            left.add(new Node("event", e.event().id(), e.event().version() + " \u00b7 " + e.pluginRef(),
                    e.active() ? "event " + e.event().id() : "inactive: " + e.inactiveReason(), e.active(), y));
            y += BOX_H + GAP;
        }

        List<Item> items = new ArrayList<>();
        for (HookInfo h : hooks) {
            Integer target = target(anchorIndex, anchorById, h.hook().anchorId(), h.resolution());
            items.add(new Item("hook", h.ref(), "\u2192 " + h.hook().anchorId() + " \u00b7 order " + h.hook().order(),
                    h.resolution(), target, 0));
        }
        for (ListenerInfo l : listeners) {
            Integer target = target(eventIndex, eventById, l.listener().eventId(), l.resolution());
            items.add(new Item("listener", l.ref(), "\u2192 " + l.listener().eventId() + " \u00b7 order " + l.listener().order(),
                    l.resolution(), target, 1));
        }
        // Contributions sit beside what they contribute to, so that most lines run level; pending ones close each section.
        items.sort((a, b) -> a.section != b.section ? Integer.compare(a.section, b.section)
                : Boolean.compare(!a.resolution.resolved(), !b.resolution.resolved()) != 0
                ? Boolean.compare(!a.resolution.resolved(), !b.resolution.resolved())
                : Integer.compare(a.target == null ? Integer.MAX_VALUE : a.target, b.target == null ? Integer.MAX_VALUE : b.target));
        y = TOP + HEADER_H;
        int section = 0;
        for (Item it : items) {
            if (it.section != section) {
                section = it.section;
                y = Math.max(y + HEADER_H, eventsTop);
            }
            Resolution r = it.resolution;
            String sub = r.resolved() ? it.subtitle : "pending: " + r.reason();
            right.add(new Node(it.kind, it.ref, sub, r.resolved() ? it.ref + " resolved to " + r.targetVersion() : r.reason(), r.resolved(), y));
            if (it.target != null) edges.add(new Edge(it.target, right.size() - 1, r.resolved(), r.resolved() ? null : r.reason()));
            y += BOX_H + GAP;
        }
        this.eventsHeader = eventsTop - HEADER_H;
    }

    private record Item(String kind, String ref, String subtitle, Resolution resolution, Integer target, int section) {
    }

    /** The declaration a resolution points at; for a pending one, the first of that id (to show where it wanted to go). */
    private static Integer target(Map<String, Integer> exact, Map<String, Integer> byId, String id, Resolution r) {
        if (!r.resolved()) return byId.get(id);
        Integer found = exact.get(key(id, r.targetVersion(), r.targetPlugin()));
        if (found != null) return found;
        // The host's own declarations have no plugin ref: fall back to id and version.
        for (Map.Entry<String, Integer> e : exact.entrySet()) {
            if (e.getKey().startsWith(id + "\u0000" + r.targetVersion() + "\u0000")) return e.getValue();
        }
        return byId.get(id);
    }

    private static String key(String id, Version version, String plugin) {
        return id + "\u0000" + version + "\u0000" + plugin;
    }

    private String write() {
        int bottom = TOP + HEADER_H;
        for (Node n : left) bottom = Math.max(bottom, n.y + BOX_H);
        for (Node n : right) bottom = Math.max(bottom, n.y + BOX_H);
        int height = bottom + TOP;
        StringBuilder b = new StringBuilder(4096);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" role=\"img\">\n");
        b.append("<title>PluginEngine: anchors and hooks, events and listeners</title>\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        header(b, LEFT_X, TOP + 20, "Anchors");
        header(b, RIGHT_X, TOP + 20, "Hooks");
        boolean anyEvents = left.stream().anyMatch(n -> n.kind.equals("event")) || right.stream().anyMatch(n -> n.kind.equals("listener"));
        if (anyEvents) {
            header(b, LEFT_X, eventsHeader + 20, "Events");
            right.stream().filter(n -> n.kind.equals("listener")).findFirst()
                    .ifPresent(n -> header(b, RIGHT_X, n.y - HEADER_H + 20, "Listeners"));
        }
        for (Edge e : edges) edge(b, e);
        for (Node n : left) box(b, n, LEFT_X, LEFT_W);
        for (Node n : right) box(b, n, RIGHT_X, RIGHT_W);
        if (left.isEmpty() && right.isEmpty()) {
            b.append("<text x=\"").append(LEFT_X).append("\" y=\"").append(TOP + HEADER_H + 20)
                    .append("\" font-size=\"13\" fill=\"#666\">nothing declared</text>\n");
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static void header(StringBuilder b, int x, int y, String text) {
        b.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" font-size=\"14\" font-weight=\"bold\" fill=\"#333\">")
                .append(text).append("</text>\n");
    }

    private void edge(StringBuilder b, Edge e) {
        Node from = left.get(e.from);
        Node to = right.get(e.to);
        int x1 = LEFT_X + LEFT_W;
        int y1 = from.y + BOX_H / 2;
        int x2 = RIGHT_X;
        int y2 = to.y + BOX_H / 2;
        int mid = (x1 + x2) / 2;
        b.append("<path d=\"M").append(x1).append(',').append(y1).append(" C").append(mid).append(',').append(y1).append(' ')
                .append(mid).append(',').append(y2).append(' ').append(x2).append(',').append(y2).append("\" fill=\"none\" stroke=\"")
                .append(e.resolved ? "#2e7d32" : "#c62828").append("\" stroke-width=\"1.6\"")
                .append(e.resolved ? "" : " stroke-dasharray=\"5 4\"").append(">");
        if (e.tooltip != null) b.append("<title>").append(Markup.text(e.tooltip)).append("</title>");
        b.append("</path>\n");
    }

    private static void box(StringBuilder b, Node n, int x, int w) {
        String stroke = n.ok ? "#546e7a" : "#c62828";
        String fill = n.ok ? (n.kind.equals("anchor") || n.kind.equals("event") ? "#e3f2fd" : "#e8f5e9") : "#ffebee";
        b.append("<g class=\"").append(n.kind).append(n.ok ? "" : " pending").append("\"><title>").append(Markup.text(n.tooltip)).append("</title>");
        b.append("<rect x=\"").append(x).append("\" y=\"").append(n.y).append("\" width=\"").append(w).append("\" height=\"").append(BOX_H)
                .append("\" rx=\"6\" fill=\"").append(fill).append("\" stroke=\"").append(stroke).append('"')
                .append(n.ok ? "" : " stroke-dasharray=\"5 3\"").append("/>");
        int chars = w == LEFT_W ? TITLE_CHARS * LEFT_W / RIGHT_W : TITLE_CHARS;
        b.append("<text x=\"").append(x + 8).append("\" y=\"").append(n.y + 17).append("\" font-size=\"13\" fill=\"#111\">")
                .append(Markup.text(Markup.shorten(n.title, chars))).append("</text>");
        b.append("<text x=\"").append(x + 8).append("\" y=\"").append(n.y + 34).append("\" font-size=\"11\" fill=\"")
                .append(n.ok ? "#455a64" : "#b71c1c").append("\">")
                .append(Markup.text(Markup.shorten(n.subtitle, LINE_CHARS * w / RIGHT_W))).append("</text>");
        b.append("</g>\n");
    }
}
