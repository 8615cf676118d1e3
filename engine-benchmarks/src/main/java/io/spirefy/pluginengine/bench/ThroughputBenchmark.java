package io.spirefy.pluginengine.bench;

import io.spirefy.pluginengine.api.PluginEngine;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * 5. Pool scaling: 1, 2 and 4 threads calling the hook of one plugin (64 B); the engine gives each
 * concurrent call its own instance. Baseline: each thread with its own raw SDK plugin (no sharing
 * at all: the scaling the machine allows). JMH reports the total operations of all threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ThroughputBenchmark {

    private static final String HOOK = "bench.echo@1.0.0/echo";
    private static final byte[] PAYLOAD = Guests.payload(64);

    /** One engine shared by all threads. */
    @State(Scope.Benchmark)
    public static class Shared {
        @Param({"chicory", "extism"})
        public String runtime;

        PluginEngine engine;

        @Setup(Level.Trial)
        public void setUp() {
            engine = Engines.engine(runtime);
            Engines.load(engine, "bench.echo.zip", Guests.echoHookPlugin("bench.echo", "echo"));
            engine.declareAnchor(Anchor.of("bench.anchor", Version.of(1, 0, 0)));
            engine.start();
            engine.callHook(HOOK, PAYLOAD);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
        }
    }

    /** A raw plugin per thread: instances are single-threaded. */
    @State(Scope.Thread)
    public static class PerThread {
        RawPlugin raw;

        @Setup(Level.Trial)
        public void setUp(Shared shared) {
            raw = RawPlugin.open(shared.runtime, Guests.wasm(Guests.ECHO));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            raw.close();
        }
    }

    @Benchmark
    @Threads(1)
    public byte[] engine1(Shared s) {
        return s.engine.callHook(HOOK, PAYLOAD);
    }

    @Benchmark
    @Threads(2)
    public byte[] engine2(Shared s) {
        return s.engine.callHook(HOOK, PAYLOAD);
    }

    @Benchmark
    @Threads(4)
    public byte[] engine4(Shared s) {
        return s.engine.callHook(HOOK, PAYLOAD);
    }

    @Benchmark
    @Threads(1)
    public byte[] raw1(PerThread t) {
        return t.raw.call("echo", PAYLOAD);
    }

    @Benchmark
    @Threads(2)
    public byte[] raw2(PerThread t) {
        return t.raw.call("echo", PAYLOAD);
    }

    @Benchmark
    @Threads(4)
    public byte[] raw4(PerThread t) {
        return t.raw.call("echo", PAYLOAD);
    }
}
