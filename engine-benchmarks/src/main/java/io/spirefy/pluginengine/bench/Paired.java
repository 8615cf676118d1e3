package io.spirefy.pluginengine.bench;

import io.spirefy.pluginengine.api.CallerThreads;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Ratios measured side by side: on a busy machine the load drifts between JMH's forks, which run
 * one benchmark after the other, so an engine/baseline ratio from two forks can be off by more than
 * the overhead it is meant to show. Here the two sides alternate in short slices in one JVM (after a
 * warm-up), each slice gives a ratio, and the median of the slices is reported with its quartiles.
 * JMH's own numbers (docs/PERFORMANCE.md) remain the absolute figures.
 *
 * <p>{@code java -cp engine-benchmarks/target/benchmarks.jar io.spirefy.pluginengine.bench.Paired [rounds] [sliceMillis]}
 * ({@code -Dpaired.runtimes=extism} for one runtime only; {@code -Dpaired.callerThread=true} to call
 * from a thread of {@code CallerThreads.factory()} instead of a plain one). The "in turn ... / runtime call" line puts the
 * engine's hook call and the raw SDK's beside our runtime's own call on the same module (no engine):
 * the engine's part of a hook call is the first ratio's excess over 1.
 */
public final class Paired {

    /**
     * {@code -Dpaired.cpuTime=true}: a slice is timed by the calling thread's CPU time instead of
     * the wall clock, so that time the thread spends descheduled on a loaded machine is not
     * counted (both sides call on that thread; the runtimes' own threads are not counted).
     */
    private static final boolean CPU_TIME = Boolean.getBoolean("paired.cpuTime");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /**
     * {@code -Dpaired.only=REGEX}: only the comparisons whose "runtime label" (e.g. {@code chicory
     * anchor, 10 hook(s): GetHookRefs+CallHook / Java}) REGEX finds, so that one figure can be
     * measured again without the minutes the others take.
     */
    private static final java.util.regex.Pattern ONLY = java.util.regex.Pattern.compile(System.getProperty("paired.only", ""));
    /** {@code -Dpaired.runtimes=extism}: only the runtimes named (comma-separated), to measure one side's change in less time. */
    private static final List<String> RUNTIMES = List.of(System.getProperty("paired.runtimes", "chicory,extism").split(","));

    private Paired() {
    }

    /** The stack of the thread every pair runs on, so that the engine may be told what it has free. */
    private static final long STACK_BYTES = 16L << 20;
    /** What the "declared" pairs tell the engine the calling thread has free (PluginEngine.Builder#hostStackBytes). */
    private static final long DECLARED_BYTES = 8L << 20;

    public static void main(String[] args) throws InterruptedException {
        Throwable[] failure = new Throwable[1];
        Runnable body = () -> {
            try {
                pairs(args);
            } catch (Throwable e) {
                failure[0] = e;
            }
        };
        // -Dpaired.callerThread=true: the pairs run on a thread whose stack the engines know
        // without a declared one (CallerThreads).
        Thread t = Boolean.getBoolean("paired.callerThread") ? CallerThreads.factory().newThread(body)
                : new Thread(null, body, "paired", STACK_BYTES);
        System.out.println("pairs run on " + t.getName());
        t.start();
        t.join();
        if (failure[0] != null) throw new IllegalStateException(failure[0]);
    }

    private static void pairs(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        long sliceNanos = (args.length > 1 ? Long.parseLong(args[1]) : 100) * 1_000_000L;
        for (String runtime : RUNTIMES) {
            String hookLabel = "hook 64 B: engine.callHook / raw Plugin.call";
            String partsLabel = "hook 64 B: in turn, engine.callHook | raw Plugin.call / runtime call";
            if (wanted(runtime, hookLabel) || wanted(runtime, partsLabel)) {
                HookCallBenchmark hook = new HookCallBenchmark();
                hook.runtime = runtime;
                hook.payloadBytes = 64;
                hook.setUp();
                if (wanted(runtime, hookLabel)) compare(hookLabel, runtime, hook::engine, hook::rawSdk, rounds, sliceNanos);
                // The engine's own part of a hook call: both against our runtime's call alone on the same module.
                if (wanted(runtime, partsLabel)) {
                    compareInTurn(partsLabel, runtime, List.of(hook::engine, hook::rawSdk), hook::runtimeCall, rounds, sliceNanos);
                }
                hook.tearDown();
            }
            for (int n : new int[]{1, 10}) {
                String json = "anchor, " + n + " hook(s): via CallHook / from Java";
                String refs = "anchor, " + n + " hook(s): GetHookRefs+CallHook / Java";
                String shared = "anchor, " + n + " hook(s): refs, one payload block / Java";
                String pdk = "anchor, " + n + " hook(s): GetHookRefs+pe_call_hooks (CallHookAt) / Java";
                String together = "anchor, " + n + " hook(s): in turn, CallHook | one payload block | pe_call_hooks | pe_call_all_hooks / Java";
                if (wanted(runtime, json) || wanted(runtime, refs) || wanted(runtime, shared) || wanted(runtime, pdk) || wanted(runtime, together)) {
                    AnchorBenchmark anchor = anchor(runtime, n, 0);
                    if (wanted(runtime, json)) compare(json, runtime, anchor::viaCallHook, anchor::fromJava, rounds, sliceNanos);
                    if (wanted(runtime, refs)) compare(refs, runtime, anchor::viaCallHookRefs, anchor::fromJava, rounds, sliceNanos);
                    if (wanted(runtime, shared)) compare(shared, runtime, anchor::viaCallHookRefsSharedPayload, anchor::fromJava, rounds, sliceNanos);
                    if (wanted(runtime, pdk)) compare(pdk, runtime, anchor::viaCallHooksPdk, anchor::fromJava, rounds, sliceNanos);
                    if (wanted(runtime, together)) {
                        compareInTurn(together, runtime, inTurn(anchor), anchor::fromJava, rounds, sliceNanos);
                    }
                    anchor.tearDown();
                }
                String declaredLabel = "anchor, " + n + " hook(s): GetHookRefs, stack declared / Java";
                String declaredTogether = "anchor, " + n + " hook(s): stack declared, in turn, CallHook | one payload block | pe_call_hooks | pe_call_all_hooks / Java";
                if (!wanted(runtime, declaredLabel) && !wanted(runtime, declaredTogether)) continue;
                AnchorBenchmark declared = anchor(runtime, n, DECLARED_BYTES);
                if (wanted(runtime, declaredLabel)) compare(declaredLabel, runtime, declared::viaCallHookRefs, declared::fromJava, rounds, sliceNanos);
                if (wanted(runtime, declaredTogether)) {
                    compareInTurn(declaredTogether, runtime, inTurn(declared), declared::fromJava, rounds, sliceNanos);
                }
                declared.tearDown();
            }
        }
    }

    /** An anchor benchmark set up on {@code runtime} with {@code hooks} hooks, the host's stack declared when not 0. */
    private static AnchorBenchmark anchor(String runtime, int hooks, long hostStackBytes) {
        AnchorBenchmark anchor = new AnchorBenchmark();
        anchor.runtime = runtime;
        anchor.hooks = hooks;
        anchor.hostStackBytes = hostStackBytes;
        anchor.setUp();
        return anchor;
    }

    /** The "in turn" variants, in the order their labels name them: CallHook, one payload block, pe_call_hooks, pe_call_all_hooks. */
    private static List<Supplier<?>> inTurn(AnchorBenchmark anchor) {
        return List.of(anchor::viaCallHookRefs, anchor::viaCallHookRefsSharedPayload, anchor::viaCallHooksPdk, anchor::viaCallAllHooks);
    }

    private static boolean wanted(String runtime, String label) {
        return ONLY.matcher(runtime + " " + label).find();
    }

    /** A paired comparison: the median ratio a/b with its quartiles, and each side's median in microseconds. */
    record Result(double ratio, double ratioQ1, double ratioQ3, double aMicros, double bMicros) {
    }

    static Result compare(String what, String runtime, Supplier<?> a, Supplier<?> b, int rounds, long sliceNanos) {
        // Warm-up: both sides long enough for the JIT (and Chicory's generated classes) to settle.
        for (int i = 0; i < 10; i++) {
            slice(a, sliceNanos);
            slice(b, sliceNanos);
        }
        List<Double> ratios = new ArrayList<>();
        List<Double> as = new ArrayList<>();
        List<Double> bs = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            // Alternate which side goes first, so neither always follows the other's garbage.
            double ta = r % 2 == 0 ? slice(a, sliceNanos) : Double.NaN;
            double tb = slice(b, sliceNanos);
            if (r % 2 != 0) ta = slice(a, sliceNanos);
            as.add(ta);
            bs.add(tb);
            ratios.add(ta / tb);
        }
        Result r = new Result(q(ratios, 0.5), q(ratios, 0.25), q(ratios, 0.75), q(as, 0.5) / 1000, q(bs, 0.5) / 1000);
        System.out.printf("paired %-8s %-48s " + (CPU_TIME ? "(thread CPU time) " : "") + "ratio median %.3f (quartiles %.3f..%.3f); medians %.2f / %.2f us/op%n",
                runtime, what, r.ratio(), r.ratioQ1(), r.ratioQ3(), r.aMicros(), r.bMicros());
        return r;
    }

    /**
     * Several variants against one baseline, all in turn in each round (the order rotating), each
     * slice's ratio taken against that round's baseline slice: variants measured minutes apart
     * would each see another load. One line per variant.
     */
    static void compareInTurn(String what, String runtime, List<Supplier<?>> variants, Supplier<?> b, int rounds, long sliceNanos) {
        int k = variants.size();
        for (int i = 0; i < 10; i++) {
            for (Supplier<?> v : variants) slice(v, sliceNanos);
            slice(b, sliceNanos);
        }
        List<List<Double>> ratios = new ArrayList<>();
        List<List<Double>> times = new ArrayList<>();
        for (int v = 0; v < k; v++) {
            ratios.add(new ArrayList<>());
            times.add(new ArrayList<>());
        }
        List<Double> bs = new ArrayList<>();
        double[] t = new double[k + 1];
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j <= k; j++) {
                int which = (j + r) % (k + 1);
                t[which] = slice(which == k ? b : variants.get(which), sliceNanos);
            }
            bs.add(t[k]);
            for (int v = 0; v < k; v++) {
                ratios.get(v).add(t[v] / t[k]);
                times.get(v).add(t[v]);
            }
        }
        for (int v = 0; v < k; v++) {
            List<Double> rs = ratios.get(v);
            System.out.printf("paired %-8s %s [%d] " + (CPU_TIME ? "(thread CPU time) " : "") + "ratio median %.3f (quartiles %.3f..%.3f); medians %.2f / %.2f us/op%n",
                    runtime, what, v, q(rs, 0.5), q(rs, 0.25), q(rs, 0.75), q(times.get(v), 0.5) / 1000, q(bs, 0.5) / 1000);
        }
    }

    /** Mean nanoseconds per operation over one slice. */
    private static double slice(Supplier<?> op, long sliceNanos) {
        long cpuStart = CPU_TIME ? THREADS.getCurrentThreadCpuTime() : 0;
        long start = System.nanoTime();
        long end = start + sliceNanos;
        long n = 0;
        long now;
        Object sink = null;
        do {
            sink = op.get();
            n++;
            now = System.nanoTime();
        } while (now < end);
        if (sink == null && n < 0) System.out.print(""); // keeps the result alive
        if (CPU_TIME) return (double) (THREADS.getCurrentThreadCpuTime() - cpuStart) / n;
        return (double) (now - start) / n;
    }

    /** The {@code quantile} of {@code values} (nearest rank). */
    static double q(List<Double> values, double quantile) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v[(int) Math.min(v.length - 1, Math.round(quantile * (v.length - 1)))];
    }
}
