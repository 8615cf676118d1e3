package io.spirefy.pluginengine.bench;

import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.api.spi.WasmRuntime;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Version;
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
 * 1. The host calls one hook: {@code engine.callHook} against {@code Plugin.call} of the raw SDK on
 * the same module and payload. The difference is the engine's overhead per call (hook lookup, pool,
 * timeout clock, runtime adapter). {@code runtimeCall} is our runtime alone ({@code WasmInstance.call}
 * on an instance of the same module, as the engine compiles it, no engine around it): engine minus
 * runtimeCall is engine-core's share, runtimeCall minus rawSdk the runtime adapter's against the SDK's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HookCallBenchmark {

    @Param({"chicory", "extism"})
    public String runtime;

    @Param({"64", "4096", "65536"})
    public int payloadBytes;

    private PluginEngine engine;
    private RawPlugin raw;
    private WasmModule module;
    private WasmInstance instance;
    private byte[] payload;
    private static final String HOOK = "bench.echo@1.0.0/echo";

    @Setup(Level.Trial)
    public void setUp() {
        payload = Guests.payload(payloadBytes);
        engine = Engines.engine(runtime);
        Engines.load(engine, "bench.echo.zip", Guests.echoHookPlugin("bench.echo", "echo"));
        // Nothing declares bench.anchor here: the host declares it, so the hook resolves.
        engine.declareAnchor(Anchor.of("bench.anchor", Version.of(1, 0, 0)));
        engine.start();
        // The engine's first call instantiates before the raw SDK does: on extism, the process's
        // first instantiation decides how libextism's timer thread is scheduled (TimerThread),
        // and both sides share that thread (one library), as an application has only the engine.
        check(engine.callHook(HOOK, payload));
        raw = RawPlugin.open(runtime, Guests.wasm(Guests.ECHO));
        check(raw.call("echo", payload));
        WasmRuntime wasmRuntime = Engines.runtime(runtime);
        module = wasmRuntime.compile(new ModuleSpec("bench.echo@1.0.0", Guests.wasm(Guests.ECHO), EngineLimits.DEFAULTS.maxMemoryPages()));
        instance = module.instantiate(List.of());
        check(instance.call("echo", payload));
    }

    private void check(byte[] out) {
        if (!Arrays.equals(out, payload)) throw new IllegalStateException("echo answered " + out.length + " bytes, not the payload");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        raw.close();
        instance.close();
        module.close();
    }

    @Benchmark
    public byte[] engine() {
        return engine.callHook(HOOK, payload);
    }

    /** The runtime's own call, no engine: what engine-core adds is {@link #engine} minus this. */
    @Benchmark
    public byte[] runtimeCall() {
        return instance.call("echo", payload);
    }

    @Benchmark
    public byte[] rawSdk() {
        return raw.call("echo", payload);
    }
}
