package io.spirefy.pluginengine.bench;

import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.PluginEngine;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The parts of the fixed cost an anchor call pays once, whatever its hook count (issue 20,
 * docs/PERFORMANCE.md "The fixed cost of an anchor call"): the anchor's own call, its listing
 * (GetHookRefs), and the hand-off of the whole call to an engine worker. The engine-level parts
 * alternate in short slices in one JVM (as {@link Paired} does) and each is given as its median.
 * The bare hand-off is timed call by call, on a worker found spinning and on one found parked,
 * split into the host-to-worker wake-up and the worker-to-host completion, as a whole host call
 * and as a nested call.
 *
 * <p>{@code java -cp engine-benchmarks/target/benchmarks.jar io.spirefy.pluginengine.bench.AnchorParts [rounds] [sliceMillis] [runtime]}
 * ({@code -Dparts.threads=true}: anchor calls from several host threads at once instead)
 */
public final class AnchorParts {

    private static final String ANCHOR = "bench.anchor.owner@1.0.0";

    private AnchorParts() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        long sliceNanos = (args.length > 1 ? Long.parseLong(args[1]) : 100) * 1_000_000L;
        String runtime = args.length > 2 ? args[2] : "chicory";
        byte[] payload = Guests.payload(64);
        try (PluginEngine engine = Engines.engine(runtime)) {
            Engines.load(engine, "bench.anchor.zip", Guests.anchorPlugin());
            Engines.load(engine, "bench.hook0.zip", Guests.echoHookPlugin("bench.hook0", "h0"));
            engine.start();
            Map<String, Supplier<?>> ops = new LinkedHashMap<>();
            ops.put("from Java, 1 hook (hooks + callHook)", () -> {
                byte[] last = null;
                for (HookInfo h : engine.hooks("bench.anchor")) last = engine.callHook(h.ref(), payload);
                return last;
            });
            String hookRef = engine.hooks("bench.anchor").get(0).ref();
            ops.put("callHook alone", () -> engine.callHook(hookRef, payload));
            ops.put("anchor's own call (own)", () -> engine.call(ANCHOR, "own", payload));
            ops.put("own + GetHookRefs (list_refs)", () -> engine.call(ANCHOR, "list_refs", payload));
            ops.put("run_refs, 1 hook (hand-off + all)", () -> engine.call(ANCHOR, "run_refs", payload));
            engine.call(ANCHOR, "run_refs", payload); // teaches the engine that run_refs nests
            if (Boolean.getBoolean("parts.threads")) {
                threads(engine, payload, rounds, sliceNanos);
                return;
            }
            slices(ops, rounds, sliceNanos);
        }
        handOffs(sliceNanos);
    }

    /**
     * {@code -Dparts.threads=true}: anchor calls (run_refs, 1 hook) per second from 1, 2 and 4
     * host threads at once, each round all three in turn; the medians of the rounds.
     */
    private static void threads(PluginEngine engine, byte[] payload, int rounds, long sliceNanos) throws InterruptedException {
        int[] counts = {1, 2, 4};
        Map<Integer, List<Double>> rates = new LinkedHashMap<>();
        for (int n : counts) rates.put(n, new ArrayList<>());
        for (int r = -3; r < rounds; r++) {
            for (int n : counts) {
                long[] done = new long[n];
                Thread[] ts = new Thread[n];
                long end = System.nanoTime() + sliceNanos;
                for (int i = 0; i < n; i++) {
                    int me = i;
                    ts[i] = new Thread(() -> {
                        long k = 0;
                        while (System.nanoTime() < end) {
                            engine.call(ANCHOR, "run_refs", payload);
                            k++;
                        }
                        done[me] = k;
                    });
                    ts[i].start();
                }
                long total = 0;
                for (int i = 0; i < n; i++) {
                    ts[i].join();
                    total += done[i];
                }
                if (r >= 0) rates.get(n).add(total * 1e9 / sliceNanos);
            }
        }
        for (Map.Entry<Integer, List<Double>> e : rates.entrySet()) {
            System.out.printf("threads %d: anchor calls (run_refs, 1 hook) median %.0f/s (quartiles %.0f..%.0f)%n", e.getKey(),
                    Paired.q(e.getValue(), 0.5), Paired.q(e.getValue(), 0.25), Paired.q(e.getValue(), 0.75));
        }
    }

    private static void slices(Map<String, Supplier<?>> ops, int rounds, long sliceNanos) {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (String k : ops.keySet()) times.put(k, new ArrayList<>());
        for (int r = -10; r < rounds; r++) {
            for (Map.Entry<String, Supplier<?>> e : ops.entrySet()) {
                double t = slice(e.getValue(), sliceNanos);
                if (r >= 0) times.get(e.getKey()).add(t);
            }
        }
        for (Map.Entry<String, List<Double>> e : times.entrySet()) {
            System.out.printf("parts %-40s median %.2f us/op (quartiles %.2f..%.2f)%n", e.getKey(),
                    Paired.q(e.getValue(), 0.5) / 1000, Paired.q(e.getValue(), 0.25) / 1000, Paired.q(e.getValue(), 0.75) / 1000);
        }
    }

    private static double slice(Supplier<?> op, long sliceNanos) {
        long start = System.nanoTime();
        long end = start + sliceNanos;
        long n = 0;
        long now;
        do {
            op.get();
            n++;
            now = System.nanoTime();
        } while (now < end);
        return (double) (now - start) / n;
    }

    /**
     * The bare hand-off: a task that only reads the clock, handed to a worker as a host call into
     * a nesting function is ({@code FreshStacks#runOr}), and as a nested call that cannot run
     * inline is ({@code FreshStacks#run}: a Go plugin's CallHook on chicory), both reached by
     * reflection (the class is the engine's own). A gap between calls lets the worker park first.
     */
    private static void handOffs(long sliceNanos) throws Exception {
        Class<?> c = Class.forName("io.spirefy.pluginengine.core.engine.FreshStacks");
        Constructor<?> make = c.getDeclaredConstructor(int.class);
        make.setAccessible(true);
        Object stacks = make.newInstance(4);
        Method runOr = c.getDeclaredMethod("runOr", Supplier.class, Supplier.class);
        runOr.setAccessible(true);
        Method run = c.getDeclaredMethod("run", Supplier.class, String.class, String.class);
        run.setAccessible(true);
        Supplier<Long> stamp = System::nanoTime;
        handOffs("handoff", sliceNanos, () -> (Long) runOr.invoke(stacks, stamp, stamp));
        handOffs("nested handoff", sliceNanos, () -> (Long) run.invoke(stacks, stamp, "bench", "stamp"));
        ((AutoCloseable) stacks).close();
    }

    /** One hand-off, as a call that answers the worker's clock when it ran. */
    private interface HandOff {
        long call() throws Exception;
    }

    private static void handOffs(String label, long sliceNanos, HandOff handOff) throws Exception {
        for (long gapMicros : new long[]{0, 5, 20, 200, 2000}) {
            List<Double> wake = new ArrayList<>();
            List<Double> back = new ArrayList<>();
            List<Double> whole = new ArrayList<>();
            long until = System.nanoTime() + 3 * sliceNanos;
            int n = 0;
            while (System.nanoTime() < until || n < 200) {
                if (gapMicros > 0) {
                    long g = System.nanoTime() + gapMicros * 1000;
                    while (System.nanoTime() < g) Thread.onSpinWait();
                }
                long t0 = System.nanoTime();
                long t1 = handOff.call();
                long t2 = System.nanoTime();
                if (n++ >= 100) {
                    wake.add((double) (t1 - t0));
                    back.add((double) (t2 - t1));
                    whole.add((double) (t2 - t0));
                }
            }
            System.out.printf("%s gap %5d us: round trip median %.2f us (quartiles %.2f..%.2f; wake-up %.2f, completion %.2f) over %d calls%n",
                    label, gapMicros, Paired.q(whole, 0.5) / 1000, Paired.q(whole, 0.25) / 1000, Paired.q(whole, 0.75) / 1000,
                    Paired.q(wake, 0.5) / 1000, Paired.q(back, 0.5) / 1000, whole.size());
        }
    }
}
