package io.spirefy.pluginengine.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.function.Supplier;

/**
 * One side of {@link HookCallBenchmark} (64 B) in a loop, one line a second: wall clock and the
 * calling thread's CPU time per call, and its context switches (Linux). For a profiler or for
 * {@code taskset} from outside, where a JMH fork or {@code Paired}'s alternating sides would mix
 * the sides up (docs/PERFORMANCE.md, "The engine's part of a native hook call").
 *
 * <p>{@code java -cp engine-benchmarks/target/benchmarks.jar io.spirefy.pluginengine.bench.HookCallLoop
 * engine|runtime|raw seconds [chicory|extism]}
 */
public final class HookCallLoop {

    private HookCallLoop() {
    }

    public static void main(String[] args) throws IOException {
        HookCallBenchmark hook = new HookCallBenchmark();
        hook.runtime = args.length > 2 ? args[2] : "extism";
        hook.payloadBytes = 64;
        hook.setUp();
        Supplier<byte[]> op = switch (args[0]) {
            case "engine" -> hook::engine;
            case "runtime" -> hook::runtimeCall;
            case "raw" -> hook::rawSdk;
            default -> throw new IllegalArgumentException("engine, runtime or raw, not " + args[0]);
        };
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long seconds = Long.parseLong(args[1]);
        for (int s = 0; s < seconds; s++) {
            long[] switches = switches();
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long n = 0;
            while (System.nanoTime() - start < 1_000_000_000L) {
                op.get();
                n++;
            }
            long wall = System.nanoTime() - start;
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            long[] after = switches();
            System.out.printf("%s %s %.3f us/op wall, %.3f cpu, per 100 ops: %.2f voluntary, %.2f preempted%n",
                    LocalTime.now().toString().substring(0, 8), args[0], wall / 1e3 / n, cpu / 1e3 / n,
                    100.0 * (after[0] - switches[0]) / n, 100.0 * (after[1] - switches[1]) / n);
        }
        hook.tearDown();
        System.exit(0); // at once: -XX:+DumpPerfMapAtExit writes the JIT's symbols for perf right after the last line
    }

    /** This thread's voluntary and involuntary context switches so far, or -1s where /proc has none. */
    private static long[] switches() throws IOException {
        long[] r = {-1, -1};
        Path status = Path.of("/proc/thread-self/status");
        if (!Files.isReadable(status)) return r;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("voluntary_ctxt_switches:")) r[0] = Long.parseLong(line.split("\\s+")[1]);
            if (line.startsWith("nonvoluntary_ctxt_switches:")) r[1] = Long.parseLong(line.split("\\s+")[1]);
        }
        return r;
    }
}
