package io.spirefy.pluginengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Version;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The original engine's stack beside ours (issue 20): runs the Go harness (engine-benchmarks/go-host,
 * the Extism Go SDK on wazero) on the same guests, then the same figures on both of our runtimes and
 * the raw Java SDKs with {@link Paired}'s method, and prints one Markdown table with the ratios to Go.
 * {@code scripts/seed-stack-bench} builds everything and runs it.
 *
 * <pre>
 * java -cp engine-benchmarks/target/benchmarks.jar io.spirefy.pluginengine.bench.SeedStackTable \
 *     --go-host BIN --guests DIR --go-module HOOK_GO_WASM --plugins DIR [--cli PLUGIN_ENGINE_BIN] \
 *     [--rounds 40] [--slice-ms 100] [--runs 5]
 * </pre>
 */
public final class SeedStackTable {

    private static final String GO_HOOK = "examples.hook.go@1.0.0/sign";

    private SeedStackTable() {
    }

    /** One runtime's figures, in the units of the table (µs, s). */
    private record Java(Paired.Result hook, Paired.Result anchor1, Paired.Result anchor10,
                        double compileS, double firstCallS, double processS, double processCachedS) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "40"));
        long sliceNanos = Long.parseLong(o.getOrDefault("slice-ms", "100")) * 1_000_000L;
        int runs = Integer.parseInt(o.getOrDefault("runs", "5"));
        String loadBefore = loadAverage();

        JsonNode go = goFigures(o, rounds, runs);
        byte[] goModule = Files.readAllBytes(Path.of(o.get("go-module")));
        Map<String, Java> java = new HashMap<>();
        for (String runtime : List.of("extism", "chicory")) {
            java.put(runtime, javaFigures(runtime, goModule, o.get("plugins"), o.get("cli"), rounds, sliceNanos, runs));
        }
        print(go, java.get("extism"), java.get("chicory"), goModule.length, loadBefore, loadAverage());
    }

    private static JsonNode goFigures(Map<String, String> o, int rounds, int runs) throws IOException, InterruptedException {
        List<String> command = List.of(o.get("go-host"), "bench", "--guests", o.get("guests"), "--go-module", o.get("go-module"),
                "--plugins", o.get("plugins"), "--rounds", Integer.toString(rounds), "--slice-ms", o.getOrDefault("slice-ms", "100"),
                "--runs", Integer.toString(runs));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed");
        JsonNode go = new ObjectMapper().readTree(out);
        System.out.println("go-host: " + go);
        return go;
    }

    private static Java javaFigures(String runtime, byte[] goModule, String plugins, String cli,
                                    int rounds, long sliceNanos, int runs) throws IOException, InterruptedException {
        HookCallBenchmark hook = new HookCallBenchmark();
        hook.runtime = runtime;
        hook.payloadBytes = 64;
        hook.setUp();
        Paired.Result hookCall = Paired.compare("hook 64 B: engine.callHook / raw Plugin.call", runtime, hook::engine, hook::rawSdk, rounds, sliceNanos);
        hook.tearDown();
        Paired.Result[] anchors = new Paired.Result[2];
        int[] counts = {1, 10};
        for (int i = 0; i < counts.length; i++) {
            AnchorBenchmark anchor = new AnchorBenchmark();
            anchor.runtime = runtime;
            anchor.hooks = counts[i];
            anchor.setUp();
            anchors[i] = Paired.compare("anchor, " + counts[i] + " hook(s): via CallHook / from Java", runtime,
                    anchor::viaCallHook, anchor::fromJava, rounds, sliceNanos);
            anchor.tearDown();
        }
        double[] compile = compileAndFirstCall(runtime, goModule, runs);
        double process = Double.NaN;
        double cached = Double.NaN;
        if (cli != null) {
            Path cache = Files.createTempDirectory("pe-seed-stack-cache-" + runtime);
            List<Double> fresh = new ArrayList<>();
            List<Double> warm = new ArrayList<>();
            ProcessColdStart.run(Path.of(cli), Path.of(plugins), runtime, List.of("--cache", cache.toString())); // fills the cache
            for (int r = 0; r < runs; r++) {
                fresh.add(ProcessColdStart.run(Path.of(cli), Path.of(plugins), runtime, List.of("--no-cache")));
                warm.add(ProcessColdStart.run(Path.of(cli), Path.of(plugins), runtime, List.of("--cache", cache.toString())));
            }
            process = Paired.q(fresh, 0.5);
            cached = Paired.q(warm, 0.5);
            System.out.printf("process  %-8s --no-cache %s s, warm cache %s s%n", runtime, fresh, warm);
            try (var files = Files.walk(cache)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
            }
        }
        return new Java(hookCall, anchors[0], anchors[1], compile[0], compile[1], process, cached);
    }

    /**
     * The Go hook module as a new engine's plugin: load + start (the module compiled; no code cache),
     * then the first call; medians of {@code runs} engines in this JVM (the first pays class loading).
     */
    private static double[] compileAndFirstCall(String runtime, byte[] wasm, int runs) {
        byte[] archive = Guests.archive("id: examples.hook.go\nversion: 1.0.0\nwasm: hook.wasm\nhooks:\n"
                + "  - id: sign\n    anchorId: examples.greeting.decorators\n    anchorVersion: 1.0.0\n    func: sign\n", "hook.wasm", wasm);
        List<Double> compiles = new ArrayList<>();
        List<Double> firsts = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (PluginEngine engine = Engines.engine(runtime)) {
                engine.declareAnchor(Anchor.of("examples.greeting.decorators", Version.of(1, 0, 0)));
                long t0 = System.nanoTime();
                Engines.load(engine, "hook-go.zip", archive);
                engine.start();
                long t1 = System.nanoTime();
                String out = new String(engine.callHook(GO_HOOK, "Hello".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
                long t2 = System.nanoTime();
                if (!out.equals("Hello [go]")) throw new IllegalStateException("the Go hook answered " + out);
                compiles.add((t1 - t0) / 1e9);
                firsts.add((t2 - t1) / 1e9);
            }
        }
        System.out.printf("go module %-8s load+start %s s, first call %s s%n", runtime, compiles, firsts);
        return new double[]{Paired.q(compiles, 0.5), Paired.q(firsts, 0.5)};
    }

    private static void print(JsonNode go, Java extism, Java chicory, int moduleBytes, String loadBefore, String loadAfter) {
        double goHook = go.get("hookCallUs").asDouble();
        double goVia = go.get("anchor10ViaCallHookUs").asDouble();
        double goFrom = go.get("anchor10FromHostUs").asDouble();
        double goCompile = go.get("compileS").asDouble();
        double goFirst = go.get("firstCallS").asDouble();
        double goProcess = go.get("processS").asDouble();
        String mb = String.format(Locale.ROOT, "%.1f MB", moduleBytes / 1e6);
        StringBuilder t = new StringBuilder();
        t.append("| figure | Go SDK on wazero | engine on extism | engine on chicory | raw Java SDKs (chicory-sdk, Extism Java SDK) |\n");
        t.append("|---|---|---|---|---|\n");
        t.append(row("64 B hook call from the host, µs", us(goHook) + " (raw `Plugin.Call` " + us(go.get("rawCallUs").asDouble()) + ")",
                rel(extism.hook().aMicros(), goHook, "µs"), rel(chicory.hook().aMicros(), goHook, "µs"),
                rel(chicory.hook().bMicros(), goHook, "µs") + "; " + rel(extism.hook().bMicros(), goHook, "µs")));
        t.append(row("anchor, 10 hooks via CallHook, µs", us(goVia),
                rel(extism.anchor10().aMicros(), goVia, "µs"), rel(chicory.anchor10().aMicros(), goVia, "µs"), "n/a"));
        t.append(row("the same 10 calls from the host, µs", us(goFrom),
                rel(extism.anchor10().bMicros(), goFrom, "µs"), rel(chicory.anchor10().bMicros(), goFrom, "µs"), "n/a"));
        t.append(row("via CallHook / from the host, 10 hooks (1 hook)",
                ratio(go.get("anchor10Ratio").asDouble(), go.get("anchor10RatioQ1").asDouble(), go.get("anchor10RatioQ3").asDouble())
                        + String.format(Locale.ROOT, " (%.2fx)", go.get("anchor1Ratio").asDouble()),
                ratio(extism.anchor10()) + String.format(Locale.ROOT, " (%.2fx)", extism.anchor1().ratio()),
                ratio(chicory.anchor10()) + String.format(Locale.ROOT, " (%.2fx)", chicory.anchor1().ratio()), "n/a"));
        // The engine compiles where its runtime does (at load, or lazily at the first call), so only
        // the sum compares across stacks; the split shows where each one pays.
        t.append(row("load, compile and first call of the " + mb + " Go module (hook-go), s (load / first call)",
                firstUse(goCompile, goFirst, goCompile + goFirst),
                firstUse(extism.compileS(), extism.firstCallS(), goCompile + goFirst),
                firstUse(chicory.compileS(), chicory.firstCallS(), goCompile + goFirst), "n/a"));
        t.append(row("whole process, one call (Go greeter + 2 Go hooks), s", s(goProcess),
                process(extism, goProcess), process(chicory, goProcess), "n/a"));
        System.out.println();
        System.out.print(t);
        System.out.printf("%nmachine: %s, %d cores; load average %s (before) / %s (after)%n",
                cpuModel(), Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String us(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
    }

    private static String s(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A value and its ratio to the Go SDK's. */
    private static String rel(double v, double go, String unit) {
        return String.format(Locale.ROOT, "%s (%.2fx Go)", unit.equals("s") ? s(v) : us(v), v / go);
    }

    private static String firstUse(double load, double first, double goTotal) {
        double total = load + first;
        String split = " (" + s(load) + " / " + s(first) + ")";
        return total == goTotal ? s(total) + split : rel(total, goTotal, "s") + split;
    }

    private static String ratio(Paired.Result r) {
        return ratio(r.ratio(), r.ratioQ1(), r.ratioQ3());
    }

    private static String ratio(double median, double q1, double q3) {
        return String.format(Locale.ROOT, "%.2fx (%.2f..%.2f)", median, q1, q3);
    }

    private static String process(Java j, double go) {
        if (Double.isNaN(j.processS())) return "not run (no --cli)";
        return rel(j.processS(), go, "s") + "; warm code cache " + rel(j.processCachedS(), go, "s");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected an option, got " + args[i]);
            o.put(args[i].substring(2), args[i + 1]);
        }
        for (String required : List.of("go-host", "guests", "go-module", "plugins")) {
            if (!o.containsKey(required)) {
                System.err.println("usage: SeedStackTable --go-host BIN --guests DIR --go-module FILE --plugins DIR "
                        + "[--cli BIN] [--rounds N] [--slice-ms MS] [--runs N]");
                System.exit(2);
            }
        }
        return o;
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
