package io.spirefy.pluginengine.bench;

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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * 4a. Cold start of N plugins: a new engine, N archives loaded from memory (unpacked, manifest parsed,
 * resolved), started, and the hook of each called once, which compiles and instantiates every module.
 * The raw baseline builds N SDK plugins from the module bytes and calls each once. "Cold" is per
 * engine: the JVM itself is warm after the warm-up iterations (see ColdStart for a fresh JVM).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LoadBenchmark {

    @Param({"chicory", "extism"})
    public String runtime;

    @Param({"1", "10", "100"})
    public int plugins;

    private final byte[] payload = Guests.payload(64);
    private List<byte[]> archives;
    private List<String> hookRefs;
    private byte[] wasm;

    private PluginEngine engine;
    private final List<RawPlugin> raws = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        archives = new ArrayList<>();
        hookRefs = new ArrayList<>();
        for (int i = 0; i < plugins; i++) {
            archives.add(Guests.echoHookPlugin("bench.p" + i, "h"));
            hookRefs.add("bench.p" + i + "@1.0.0/h");
        }
        wasm = Guests.wasm(Guests.ECHO);
    }

    @TearDown(Level.Invocation)
    public void closeAll() {
        if (engine != null) engine.close();
        engine = null;
        raws.forEach(RawPlugin::close);
        raws.clear();
    }

    @Benchmark
    public PluginEngine coldEngine() {
        engine = ColdStart.loadAndCallAll(runtime, archives, hookRefs, payload);
        return engine;
    }

    @Benchmark
    public int rawSdk() {
        int n = 0;
        for (int i = 0; i < plugins; i++) {
            RawPlugin raw = RawPlugin.open(runtime, wasm);
            raws.add(raw);
            n += raw.call("echo", payload).length;
        }
        return n;
    }
}
