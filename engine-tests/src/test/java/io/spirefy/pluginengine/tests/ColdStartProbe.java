package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.CodeCache;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.core.PluginEngines;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Not a test: a whole-process start for docs/PERFORMANCE.md ("Cold start on chicory"). Loads the five
 * examples (the Go anchor, the Go hook, the Go listener, and the C and AssemblyScript hooks), starts
 * them and calls {@code greet} once, as {@code plugin-engine call} would.
 *
 * <pre>java -cp ... io.spirefy.pluginengine.tests.ColdStartProbe CACHE_DIR|none EXAMPLES_DIR [runtime]</pre>
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        PluginEngine.Builder builder = PluginEngines.builder().runtime(args.length > 2 ? args[2] : Runtimes.CHICORY);
        if (!args[0].equals("none")) builder.codeCache(CodeCache.at(Path.of(args[0])));
        try (PluginEngine engine = builder.build()) {
            for (String name : "greeter-go hook-c hook-as hook-go listener-go".split(" ")) {
                LoadResult result = engine.load(Path.of(args[1], name + ".tar.gz"));
                result.problems().forEach(p -> System.out.println("problem: " + p));
            }
            engine.start();
            long started = System.nanoTime();
            String out = new String(engine.call("examples.greeter", "greet", "bob".getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
            long called = System.nanoTime();
            System.out.printf("%s | load+start %.0f ms, greet %.0f ms%n", out, (started - start) / 1e6, (called - started) / 1e6);
            engine.problems().forEach(p -> System.out.println("problem: " + p));
        }
    }
}
