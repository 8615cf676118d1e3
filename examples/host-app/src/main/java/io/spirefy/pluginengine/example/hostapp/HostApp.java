package io.spirefy.pluginengine.example.hostapp;

import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.core.PluginEngines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a folder of plugins, passes a text through every hook of one anchor in the hooks' order,
 * and prints what comes out.
 *
 * <pre>host-app [--runtime chicory|extism] PLUGINS_DIR ANCHOR_ID TEXT</pre>
 */
public final class HostApp {

    private HostApp() {}

    public static void main(String[] args) {
        int at = 0;
        String runtime = null;
        if (args.length > 1 && args[0].equals("--runtime")) {
            runtime = args[1];
            at = 2;
        }
        if (args.length - at != 3) {
            System.err.println("usage: host-app [--runtime chicory|extism] PLUGINS_DIR ANCHOR_ID TEXT");
            System.exit(2);
        }
        System.exit(run(runtime, Path.of(args[at]), args[at + 1], args[at + 2]));
    }

    private static int run(String runtime, Path plugins, String anchorId, String text) {
        PluginEngine.Builder builder = PluginEngines.builder();
        if (runtime != null) builder.runtime(runtime);
        try (PluginEngine engine = builder.build()) {
            LoadResult loaded = engine.load(plugins);
            loaded.problems().forEach(p -> System.err.println("problem: " + p));
            engine.start();

            List<HookInfo> hooks = engine.hooks(anchorId);
            if (hooks.isEmpty()) {
                System.err.println("no hook is resolved to anchor " + anchorId);
                return 1;
            }
            byte[] value = text.getBytes(StandardCharsets.UTF_8);
            for (HookInfo hook : hooks) {
                value = engine.callHook(hook.ref(), value);
            }
            System.out.println(new String(value, StandardCharsets.UTF_8));
            return 0;
        } catch (PluginCallException e) {
            System.err.println("a hook failed (" + e.failure() + "): " + e.getMessage());
            return 1;
        }
    }
}
