package io.spirefy.pluginengine.cli.demo;

import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Event;
import io.spirefy.pluginengine.api.plugin.Hook;
import io.spirefy.pluginengine.api.plugin.Listener;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.cli.output.Table;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The story {@code plugin-engine demo} tells with the example plugins (the C test plugins of
 * engine-tests): anchors, hooks from several plugins in order, version resolution, events, and a
 * failing hook that fails alone. Each step prints what it does and what the engine answered.
 */
public final class DemoStory extends Stage {

    /** Loaded first: an anchor, three decorating hooks, a hook for the wrong minor version, an event and two listeners. */
    public static final List<String> CAST = List.of("anchor-host", "hook-upper", "hook-bracket", "hook-exclaim",
            "hook-minor", "event-sender", "listener-ok", "listener-fail");
    /** Loaded last, to show a trapping hook failing alone. */
    public static final String LATECOMER = "hook-trap";

    private static final String ANCHOR = "greeting.decorators";
    private static final String EVENT = "greeting.sent";


    public DemoStory(PluginEngine engine, Path dir, PrintStream out) {
        super(engine, dir, out);
    }

    /** The archives of the story, each {@code NAME.tar.gz} in the demo folder; the missing ones, by name. */
    public static List<String> missing(Path dir) {
        List<String> names = new ArrayList<>(CAST);
        names.add(LATECOMER);
        return Stage.missing(dir, names);
    }

    /**
     * Tells the story.
     *
     * @throws DemoException when the engine does not behave as the story expects
     */
    public void run() {
        out.println("PluginEngine demo: plugins from " + dir);
        out.println();

        step(1, "Load eight plugins and start the engine");
        for (String name : CAST) load(name);
        engine.start();
        Table t = new Table("Plugins", "PLUGIN", "STATE", "DECLARES");
        for (PluginInfo p : engine.plugins()) t.row(p.ref(), p.state(), declares(p.descriptor()));
        t.print(out);
        out.println();

        step(2, "The hooks of " + ANCHOR + ", in call order: by 'order', then by plugin id");
        List<HookInfo> hooks = engine.hooks(ANCHOR);
        int i = 1;
        for (HookInfo h : hooks) {
            out.printf("   %d. %-30s order %-3d -> anchor %s of %s%n", i++, h.ref(), h.hook().order(),
                    h.resolution().targetVersion(), h.resolution().targetPlugin());
        }
        if (hooks.size() != 3) throw new DemoException("expected the three decorating hooks on " + ANCHOR + ", found " + hooks.size());
        out.println();

        step(3, "Version resolution: test.minor was written for " + ANCHOR + " 1.3.0, but only 1.2.0 is loaded");
        HookInfo minor = engine.hooks().stream().filter(h -> h.pluginId().equals("test.minor")).findFirst()
                .orElseThrow(() -> new DemoException("test.minor declares no hook"));
        out.println("   " + minor.ref() + (minor.resolved() ? " resolved (unexpected)" : " stays unresolved:"));
        if (!minor.resolved()) out.println("   " + minor.resolution().reason());
        out.println();

        step(4, "test.anchor decorate \"world\": the anchor's owner calls each hook, feeding it the previous answer");
        out.println("   -> " + call("test.anchor", "decorate", "world"));
        out.println();

        step(5, "The host sends " + EVENT + " \"hello\"; one listener accepts it, one refuses");
        DeliveryReport report = engine.sendEvent(EVENT, "hello".getBytes(StandardCharsets.UTF_8));
        out.println("   delivered " + report.delivered() + ", failed " + report.failures().size());
        for (DeliveryReport.ListenerFailure f : report.failures()) {
            out.println("   " + f.listenerRef() + ": " + detail(f.error()));
        }
        out.println("   A plugin sends it too: test.sender send \"hi\" -> SendEvent answered "
                + call("test.sender", "send", "hi") + " (listeners that completed)");
        out.println();

        step(6, "A trapping hook fails alone: load test.trap, another hook on " + ANCHOR + " (order 50)");
        load(LATECOMER);
        try {
            engine.callHook("test.trap@1.0.0/trap", "world".getBytes(StandardCharsets.UTF_8));
            throw new DemoException("test.trap's hook was expected to trap, and returned");
        } catch (PluginCallException e) {
            out.println("   calling it directly: " + e.failure() + ": " + e.getMessage());
        }
        out.println("   test.anchor decorate \"world\" -> " + call("test.anchor", "decorate", "world"));
        out.println("   the other hooks still ran; the engine and the other plugins go on: test.anchor decorate \"again\" -> "
                + call("test.anchor", "decorate", "again"));
        out.flush();
    }




    private static String detail(Exception e) {
        return e instanceof PluginCallException p ? p.detail() : e.getMessage();
    }

    private static String declares(PluginDescriptor d) {
        List<String> parts = new ArrayList<>();
        for (Anchor a : d.anchors()) parts.add("anchor " + a.id() + " " + a.version());
        for (Hook h : d.hooks()) {
            parts.add("hook " + h.id() + " on " + h.anchorId() + (h.anchorVersion() == null ? "" : " " + h.anchorVersion())
                    + " (order " + h.order() + ")");
        }
        for (Event e : d.events()) parts.add("event " + e.id() + " " + e.version());
        for (Listener l : d.listeners()) {
            parts.add("listener " + l.id() + " of " + l.eventId() + (l.eventVersion() == null ? "" : " " + l.eventVersion()));
        }
        return String.join("; ", parts);
    }
}
