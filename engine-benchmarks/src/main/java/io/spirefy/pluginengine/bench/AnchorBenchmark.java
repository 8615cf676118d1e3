package io.spirefy.pluginengine.bench;

import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.PluginEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * 2. An anchor plugin calls the N hooks of its anchor through GetHooks + CallHook, against the host
 * doing the same from Java: {@code hooks(anchor)} and N {@code callHook}. Each hook is its own plugin
 * (one echo module, N generated manifests). The plugin path also pays one call into the anchor itself;
 * (t(N=10) - t(N=1)) / 9 gives the marginal cost of one hook call on each path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AnchorBenchmark {

    @Param({"chicory", "extism"})
    public String runtime;

    @Param({"1", "10"})
    public int hooks;

    /**
     * The stack the calling thread has free, declared to the engine (PluginEngine.Builder#hostStackBytes);
     * 0, unknown. Only for callers on a thread of that stack: {@link Paired}'s, or JMH's when the forks
     * get a larger default stack ({@code -p hostStackBytes=8388608 -jvmArgsAppend -Xss16m}); a false
     * promise can end the JVM on extism.
     */
    @Param({"0"})
    public long hostStackBytes;

    private PluginEngine engine;
    private final byte[] payload = Guests.payload(64);

    @Setup(Level.Trial)
    public void setUp() {
        engine = hostStackBytes > 0 ? Engines.engine(runtime, b -> b.hostStackBytes(hostStackBytes)) : Engines.engine(runtime);
        Engines.load(engine, "bench.anchor.zip", Guests.anchorPlugin());
        for (int i = 0; i < hooks; i++) {
            Engines.load(engine, "bench.hook" + i + ".zip", Guests.echoHookPlugin("bench.hook" + i, "h" + i));
        }
        engine.start();
        if (engine.hooks("bench.anchor").size() != hooks) throw new IllegalStateException("hooks did not all resolve: " + engine.hooks());
        check(viaCallHook());
        check(fromJava());
        check(viaCallHookRefs());
        check(viaCallHookRefsSharedPayload());
        check(viaCallHooksPdk());
        check(viaCallAllHooks());
        if (!new String(listOnly(), java.nio.charset.StandardCharsets.US_ASCII).equals(Integer.toString(hooks))
                || !new String(listRefsOnly(), java.nio.charset.StandardCharsets.US_ASCII).equals(Integer.toString(hooks))) {
            throw new IllegalStateException("list or list_refs did not find the " + hooks + " hook refs");
        }
    }

    private void check(byte[] out) {
        if (!Arrays.equals(out, payload)) throw new IllegalStateException("the last hook answered " + new String(out));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public byte[] viaCallHook() {
        return engine.call("bench.anchor.owner@1.0.0", "run", payload);
    }

    /**
     * The anchor's part without the CallHooks: GetHooks, reading its JSON out of Extism memory and
     * scanning it for the refs. {@code (viaCallHook - listOnly) / hooks} is what one CallHook costs,
     * to set beside {@code fromJava / hooks}.
     */
    @Benchmark
    public byte[] listOnly() {
        return engine.call("bench.anchor.owner@1.0.0", "list", payload);
    }

    /**
     * {@link #viaCallHook} with the list from GetHookRefs (an engine extension: the refs alone, one
     * a line) instead of GetHooks' JSON: the refs are all that this anchor, and {@link #fromJava},
     * use of the list.
     */
    @Benchmark
    public byte[] viaCallHookRefs() {
        return engine.call("bench.anchor.owner@1.0.0", "run_refs", payload);
    }

    /**
     * {@link #viaCallHookRefs} with the payload in one Extism block for all the hooks (the guest
     * allocates it once per call instead of once per hook), as {@link #fromJava} passes one array.
     */
    @Benchmark
    public byte[] viaCallHookRefsSharedPayload() {
        return engine.call("bench.anchor.owner@1.0.0", "run_refs_shared", payload);
    }

    /**
     * The anchor as pdk/c's {@code pe_call_hooks} writes it: one payload block for all the hooks,
     * each called by its place in GetHookRefs' answer ({@code CallHookAt}, an engine extension),
     * so no ref block per hook. What an anchor author gets from the PDK.
     */
    @Benchmark
    public byte[] viaCallHooksPdk() {
        return engine.call("bench.anchor.owner@1.0.0", "run_hooks", payload);
    }

    /**
     * The anchor through pdk/c's {@code pe_call_all_hooks_with_input}: one engine call
     * ({@code CallAllHooks}, an engine extension) runs every hook with the anchor's own input block as
     * the payload and answers all in one block, as {@link #fromJava} calls each hook from the host.
     * For anchors that call every hook (docs/PERFORMANCE.md, sections 10 and 11).
     */
    @Benchmark
    public byte[] viaCallAllHooks() {
        return engine.call("bench.anchor.owner@1.0.0", "run_all", payload);
    }

    /** {@link #listOnly} through GetHookRefs. */
    @Benchmark
    public byte[] listRefsOnly() {
        return engine.call("bench.anchor.owner@1.0.0", "list_refs", payload);
    }

    @Benchmark
    public byte[] fromJava() {
        List<HookInfo> resolved = engine.hooks("bench.anchor");
        byte[] last = null;
        for (HookInfo h : resolved) last = engine.callHook(h.ref(), payload);
        return last;
    }
}
