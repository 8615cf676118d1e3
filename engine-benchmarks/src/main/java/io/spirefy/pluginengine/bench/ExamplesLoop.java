package io.spirefy.pluginengine.bench;

import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginEngine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Go anchor in a long-running host: the examples' greeter ({@code examples.greeter},
 * Go: ReadFile, GetHooks and a CallHook per hook) over its Go, C and AssemblyScript hooks, called
 * in a loop; one line a second, then the median of the second half (a Go module on chicory takes
 * seconds to reach its steady state). The archives are the ones {@code scripts/build-examples}
 * makes (the engine-tests build puts them in {@code engine-tests/target/examples}).
 *
 * <p>{@code java [-XX:-DontCompileHugeMethods] -cp engine-benchmarks/target/benchmarks.jar
 * io.spirefy.pluginengine.bench.ExamplesLoop [runtime] [examplesDir] [seconds]}
 */
public final class ExamplesLoop {

    private static final List<String> PLUGINS = List.of("greeter-go", "hook-go", "hook-c", "hook-as");

    private ExamplesLoop() {
    }

    public static void main(String[] args) {
        String runtime = args.length > 0 ? args[0] : "chicory";
        Path dir = Path.of(args.length > 1 ? args[1] : "engine-tests/target/examples");
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        // A Go module's first calls run before its compile is done: seconds on chicory.
        try (PluginEngine engine = Engines.engine(runtime, EngineLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(30)))) {
            for (String plugin : PLUGINS) {
                LoadResult r = engine.load(dir.resolve(plugin + ".tar.gz"));
                if (r.loaded().isEmpty() || !r.problems().isEmpty()) {
                    throw new IllegalStateException(plugin + " did not load from " + dir + ": " + r.problems());
                }
            }
            engine.start();
            byte[] name = "bob".getBytes(StandardCharsets.UTF_8);
            System.out.println("greet answers: " + new String(engine.call("examples.greeter@1.0.0", "greet", name), StandardCharsets.UTF_8));
            List<Double> perSecond = new ArrayList<>();
            for (int s = 0; s < seconds; s++) {
                long start = System.nanoTime();
                long calls = 0;
                while (System.nanoTime() - start < 1_000_000_000L) {
                    engine.call("examples.greeter@1.0.0", "greet", name);
                    calls++;
                }
                double micros = (System.nanoTime() - start) / 1e3 / calls;
                perSecond.add(micros);
                System.out.printf("second %d: %.1f us a greet%n", s, micros);
            }
            List<Double> late = new ArrayList<>(perSecond.subList(seconds / 2, seconds));
            System.out.printf("%s: greet (Go anchor, 3 hooks), seconds %d-%d: median %.1f us (min %.1f, max %.1f)%n", runtime,
                    seconds / 2 + 1, seconds, Paired.q(late, 0.5), Paired.q(late, 0), Paired.q(late, 1));
        }
    }
}
