package io.spirefy.pluginengine.bench;

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

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Not an engine benchmark: the cost of one Extism kernel call on each raw SDK, which bounds what an
 * anchor pays per byte it moves through CallHook and GetHooks (a guest reads and writes Extism
 * memory 8 bytes per kernel call). {@code (t(calls=1000) - t(calls=0)) / 1000} is one call.
 * No engine class takes part, so what it shows belongs to the runtime.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KernelCallBenchmark {

    @Param({"chicory", "extism"})
    public String runtime;

    @Param({"0", "1000"})
    public int calls;

    private RawPlugin raw;
    private byte[] input;

    @Setup(Level.Trial)
    public void setUp() {
        raw = RawPlugin.open(runtime, Guests.wasm(Guests.KERNEL));
        input = Integer.toString(calls).getBytes(StandardCharsets.US_ASCII);
        raw.call("stores", input);
        raw.call("loads", input);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        raw.close();
    }

    @Benchmark
    public byte[] storeU64() {
        return raw.call("stores", input);
    }

    @Benchmark
    public byte[] loadU64() {
        return raw.call("loads", input);
    }
}
