package io.spirefy.pluginengine.cli.demo;

import io.spirefy.pluginengine.api.ListenerRegistration;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.cli.output.Table;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The story {@code plugin-engine demo --languages} tells with the cross-language examples of
 * {@code examples/}: a Go plugin owns an anchor whose hooks are written in C, AssemblyScript and
 * Go; the C hook sends an event a Go listener hears; a C hook's refusal reaches the Go caller.
 */
public final class LanguagesStory extends Stage {

    /** The archives, each {@code NAME.tar.gz} in the examples folder (as scripts/build-examples names them). */
    public static final List<String> CAST = List.of("greeter-go", "hook-c", "hook-as", "hook-go", "listener-go");

    private static final String GREETER = "examples.greeter";
    private static final String ANCHOR = "examples.greeting.decorators";
    private static final String DECORATED = "examples.greeting.decorated";
    private static final String AUDITED = "examples.greeting.audited";

    private final String name;

    /**
     * @param name whom to greet; the C hook refuses only {@code nobody}, which step 5 uses
     */
    public LanguagesStory(PluginEngine engine, Path dir, String name, PrintStream out) {
        super(engine, dir, out);
        this.name = name;
    }

    /** The archives of the story missing from the folder, by file name. */
    public static List<String> missing(Path dir) {
        return Stage.missing(dir, CAST);
    }

    /**
     * Tells the story.
     *
     * @throws DemoException when the engine does not behave as the story expects
     */
    public void run() {
        out.println("PluginEngine demo --languages: plugins in Go, C and AssemblyScript from " + dir);
        // Said before any work, so that a pause of several seconds is not taken for a hang.
        out.println("Note: the first call of each Go plugin compiles its 2-3 MB module: several seconds,");
        out.println("      longer on the chicory runtime (pure JVM) than on extism (native, cached after the first run).");
        out.println();
        out.flush();

        step(1, "Load five plugins and start the engine; each says what it is in its descriptor");
        for (String archive : CAST) load(archive);
        engine.start();
        Table t = new Table("Plugins", "PLUGIN", "NAME", "DESCRIPTION");
        for (PluginInfo p : engine.plugins()) {
            PluginDescriptor d = p.descriptor();
            t.row(p.ref(), d.name() == null ? "" : d.name(), d.description() == null ? "" : d.description());
        }
        t.print(out);
        out.println();

        step(2, "The hooks of " + ANCHOR + " (owned by the Go greeter), in call order: by 'order'");
        List<HookInfo> hooks = engine.hooks(ANCHOR);
        int i = 1;
        for (HookInfo h : hooks) {
            out.printf("   %d. %-32s order %-3d language %s%n", i++, h.ref(), h.hook().order(), language(h));
        }
        if (hooks.size() != 3) throw new DemoException("expected the C, AssemblyScript and Go hooks on " + ANCHOR + ", found " + hooks.size());
        out.println();

        // A Java listener of the event the Go listener sends: it shows the chain C -> Go -> Java.
        List<String> audited = new CopyOnWriteArrayList<>();
        try (ListenerRegistration ignored = engine.addListener("demo.audit", AUDITED, Version.parse("1.0.0"), 0,
                m -> audited.add(m.sender() + " sent " + new String(m.payload(), StandardCharsets.UTF_8)))) {

            step(3, GREETER + " greet \"" + name + "\": Go calls its hooks, C, then AssemblyScript, then Go");
            out.flush();
            out.println("   -> " + call(GREETER, "greet", name));
            out.println();

            step(4, "On the way, the C hook sent " + DECORATED + "; the Go listener heard it and sent " + AUDITED
                    + ", which this demo listens to in Java");
            if (audited.isEmpty()) throw new DemoException("the Go listener sent no " + AUDITED + " for the greeting");
            for (String a : audited) out.println("   heard: " + a);
            out.println();
        } catch (DemoException e) {
            throw e;
        } catch (Exception e) {
            throw new DemoException("removing the demo's listener of " + AUDITED + " failed: " + e.getMessage());
        }

        step(5, "The C hook refuses \"nobody\": its error reaches the Go greeter, which carries on with the other hooks");
        for (String line : call(GREETER, "greet", "nobody").split("\\R")) out.println("   -> " + line);
        out.flush();
    }




    /** The hook's {@code metadata.language} from its manifest, which the examples set for this purpose. */
    private static String language(HookInfo h) {
        return h.hook().metadata() instanceof Map<?, ?> m && m.get("language") != null ? String.valueOf(m.get("language")) : "?";
    }
}
