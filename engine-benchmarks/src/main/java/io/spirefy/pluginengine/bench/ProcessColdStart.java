package io.spirefy.pluginengine.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The whole-process start a user sees (issue 14): {@code plugin-engine call} of the Go anchor
 * {@code examples.greeter} calling two Go hooks, each run a new process, timed from spawn to exit.
 * Per runtime: with an empty compiled-code cache (first start), then with the cache the previous
 * run left (second start); optionally a baseline image (an older build, run with no cache flags)
 * in the same rounds, so that the ratio does not depend on how busy the machine is.
 *
 * <pre>
 * java -cp engine-benchmarks/target/benchmarks.jar io.spirefy.pluginengine.bench.ProcessColdStart \
 *     IMAGE_BIN PLUGINS_DIR [--runs 5] [--runtimes chicory,extism] [--baseline OLD_IMAGE_BIN]
 * </pre>
 *
 * PLUGINS_DIR holds greeter-go, hook-go and hook-go-stamp ({@code scripts/cold-start-bench} builds it).
 */
public final class ProcessColdStart {

    private static final String EXPECTED = "Hello, bob [go] [stamp]";

    private ProcessColdStart() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ProcessColdStart IMAGE_BIN PLUGINS_DIR [--runs N] [--runtimes a,b] [--baseline OLD_BIN]");
            System.exit(2);
        }
        Path bin = Path.of(args[0]);
        Path plugins = Path.of(args[1]);
        int runs = 5;
        List<String> runtimes = List.of("chicory", "extism");
        Path baseline = null;
        for (int i = 2; i < args.length; i += 2) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--runtimes" -> runtimes = Arrays.asList(args[i + 1].split(","));
                case "--baseline" -> baseline = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        for (String runtime : runtimes) {
            Path cache = Files.createTempDirectory("pe-cold-" + runtime);
            List<Double> first = new ArrayList<>();
            List<Double> second = new ArrayList<>();
            List<Double> old = new ArrayList<>();
            for (int round = 0; round < runs; round++) {
                // Each round: baseline, then first start into an emptied cache, then a second start.
                if (baseline != null) old.add(run(baseline, plugins, runtime, List.of()));
                deleteContents(cache);
                first.add(run(bin, plugins, runtime, List.of("--cache", cache.toString())));
                second.add(run(bin, plugins, runtime, List.of("--cache", cache.toString())));
            }
            System.out.printf("runtime=%s runs=%d first: median %.2f s %s | second: median %.2f s %s%s%n",
                    runtime, runs, median(first), seconds(first), median(second), seconds(second),
                    baseline == null ? "" : String.format(" | baseline: median %.2f s %s (first is %.2fx faster)",
                            median(old), seconds(old), median(old) / median(first)));
            deleteContents(cache);
            Files.deleteIfExists(cache);
            Files.deleteIfExists(cache.resolveSibling(cache.getFileName() + ".key"));
        }
    }

    /** Wall seconds of one process; fails when it does not answer what the plugins answer. */
    static double run(Path bin, Path plugins, String runtime, List<String> cacheFlags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(bin.toString(), "call", "--plugins", plugins.toString(), "--runtime", runtime));
        command.addAll(cacheFlags);
        command.addAll(List.of("--timeout", "120s", "--input", "bob", "examples.greeter", "greet"));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0 || !out.endsWith(EXPECTED)) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + exit + ": " + out);
        }
        return seconds;
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = xs.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String seconds(List<Double> xs) {
        return xs.stream().map(x -> String.format("%.2f", x)).toList().toString();
    }

    private static void deleteContents(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) Files.delete(p);
            }
        }
    }
}
