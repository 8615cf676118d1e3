package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.CodeCache;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.core.PluginEngines;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Not a test: a whole-process start for docs/PERFORMANCE.md ("Cold start on chicory"). Loads the
 * archives given (each a {@code .tar.gz}, or a folder whose {@code .tar.gz} files are all loaded),
 * starts them and calls {@code greet} of {@code examples.greeter} once, as {@code plugin-engine call}
 * would, then closes the engine. Prints the output, the phases' wall times and the process's CPU time
 * (user + system, all threads): on a shared machine CPU time is the steadier figure.
 *
 * <pre>java [-Dprobe.runtime=chicory] -cp ... io.spirefy.pluginengine.tests.ColdStartProbe CACHE_DIR|none ARCHIVE_OR_DIR...</pre>
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        PluginEngine.Builder builder = PluginEngines.builder().runtime(System.getProperty("probe.runtime", Runtimes.CHICORY));
        if (!args[0].equals("none")) builder.codeCache(CodeCache.at(Path.of(args[0])));
        long started;
        long called;
        String out;
        try (PluginEngine engine = builder.build()) {
            for (Path archive : archives(args)) {
                LoadResult result = engine.load(archive);
                result.problems().forEach(p -> System.out.println("problem: " + p));
            }
            engine.start();
            started = System.nanoTime();
            out = new String(engine.call("examples.greeter", "greet", "bob".getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
            called = System.nanoTime();
            engine.problems().forEach(p -> System.out.println("problem: " + p));
        }
        long closed = System.nanoTime();
        Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
        System.out.printf("%s | load+start %.0f ms, greet %.0f ms, close %.0f ms, wall %.0f ms, cpu %.0f ms%n",
                out.replace('\n', ' '), (started - start) / 1e6, (called - started) / 1e6, (closed - called) / 1e6,
                (closed - start) / 1e6, cpu.toNanos() / 1e6);
    }

    private static List<Path> archives(String[] args) throws Exception {
        List<Path> result = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Path p = Path.of(args[i]);
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.list(p)) {
                    files.filter(f -> f.toString().endsWith(".tar.gz")).sorted().forEach(result::add);
                }
            } else {
                result.add(p);
            }
        }
        return result;
    }
}
