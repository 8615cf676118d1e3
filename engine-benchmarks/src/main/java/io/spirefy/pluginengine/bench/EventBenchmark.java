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

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * 3. SendEvent fan-out: a plugin sends one event to N listener plugins (one listener module, N
 * generated manifests). Compared with the host sending it ({@code engine.sendEvent}) and with the raw
 * SDK calling the listener's export N times on one plugin (the floor: the same N wasm calls with no
 * engine at all).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EventBenchmark {

    @Param({"chicory", "extism"})
    public String runtime;

    @Param({"1", "10", "100"})
    public int listeners;

    private PluginEngine engine;
    private RawPlugin raw;
    private final byte[] payload = Guests.payload(64);

    @Setup(Level.Trial)
    public void setUp() {
        engine = Engines.engine(runtime);
        Engines.load(engine, "bench.sender.zip", Guests.senderPlugin());
        for (int i = 0; i < listeners; i++) {
            Engines.load(engine, "bench.listener" + i + ".zip", Guests.listenerPlugin("bench.listener" + i));
        }
        engine.start();
        String delivered = new String(fromPlugin(), StandardCharsets.UTF_8);
        if (!delivered.equals(Integer.toString(listeners))) {
            throw new IllegalStateException("SendEvent reached " + delivered + " of " + listeners + " listeners");
        }
        if (fromHost() != listeners) throw new IllegalStateException("sendEvent did not reach every listener");
        raw = RawPlugin.open(runtime, Guests.wasm(Guests.LISTENER));
        rawSdk();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        raw.close();
    }

    @Benchmark
    public byte[] fromPlugin() {
        return engine.call("bench.sender@1.0.0", "send", payload);
    }

    @Benchmark
    public int fromHost() {
        return engine.sendEvent("bench.event", payload).delivered();
    }

    @Benchmark
    public int rawSdk() {
        int n = 0;
        for (int i = 0; i < listeners; i++) {
            raw.call("on_event", payload);
            n++;
        }
        return n;
    }
}
