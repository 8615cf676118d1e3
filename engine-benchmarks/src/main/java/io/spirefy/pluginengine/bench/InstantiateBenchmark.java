package io.spirefy.pluginengine.bench;

import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.api.spi.WasmRuntime;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * 4b. Warm instantiation from the compiled-module cache.
 * <ul>
 *   <li>{@code runtimeSpi}: our runtime's {@code WasmModule.instantiate} on a module compiled once,
 *       then close: what the engine pays for each new instance.</li>
 *   <li>{@code engineRestart}: the engine path: stop the plugin (its instance is discarded), start
 *       it, call its hook (a new instance from the cached module, with the engine's host functions).</li>
 *   <li>{@code rawSdk}: the best the raw SDK offers: chicory-sdk {@code CompiledPlugin.instantiate()}
 *       (with AoT it compiles again: SDK 0.3.0 caches nothing); Extism Java SDK 1.1.0 has no compiled
 *       plugin, so a new {@code Plugin} from the manifest.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class InstantiateBenchmark {

    @Param({"chicory", "extism"})
    public String runtime;

    private static final String HOOK = "bench.echo@1.0.0/echo";
    private final byte[] payload = Guests.payload(64);
    private byte[] wasm;
    private WasmModule module;
    private PluginEngine engine;
    private org.extism.sdk.chicory.CompiledPlugin chicoryCompiled;

    @Setup(Level.Trial)
    public void setUp() throws WasmException {
        wasm = Guests.wasm(Guests.ECHO);
        engine = Engines.engine(runtime);
        Engines.load(engine, "bench.echo.zip", Guests.echoHookPlugin("bench.echo", "echo"));
        engine.declareAnchor(Anchor.of("bench.anchor", Version.of(1, 0, 0)));
        engine.start();
        engine.callHook(HOOK, payload);
        WasmRuntime wasmRuntime = Engines.runtime(runtime);
        module = wasmRuntime.compile(new ModuleSpec("bench.echo@1.0.0", wasm, 1024));
        if ("chicory".equals(runtime)) chicoryCompiled = RawPlugin.chicoryCompiled(wasm);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        module.close();
    }

    @Benchmark
    public WasmInstance runtimeSpi() throws WasmException {
        WasmInstance instance = module.instantiate(List.of());
        instance.close();
        return instance;
    }

    @Benchmark
    public byte[] engineRestart() {
        engine.stop(HOOK.substring(0, HOOK.indexOf('/')));
        engine.start(HOOK.substring(0, HOOK.indexOf('/')));
        return engine.callHook(HOOK, payload);
    }

    @Benchmark
    public Object rawSdk() {
        if (chicoryCompiled != null) return chicoryCompiled.instantiate();
        RawPlugin raw = RawPlugin.open(runtime, wasm);
        raw.close();
        return raw;
    }
}
