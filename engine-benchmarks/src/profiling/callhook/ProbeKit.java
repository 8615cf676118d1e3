import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.bench.Engines;
import io.spirefy.pluginengine.bench.Guests;
import io.spirefy.pluginengine.core.engine.InlineProbe;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/** What the probes share: the probe anchor's engine, a thread that runs nested calls inline, CPU-time slices. */
final class ProbeKit {

    static final String ANCHOR = "bench.anchor.owner@1.0.0";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} on a thread with an engine worker's stack size (see {@link #anchorEngine}). */
    static void onProbeThread(Body body) throws InterruptedException {
        Thread t = new Thread(null, () -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "probe", InlineProbe.stackBytes());
        t.start();
        t.join();
    }

    /**
     * An engine with the probe anchor ({@code -Dprobe.wasm}) and {@code hooks} echo hooks, started; the
     * calling thread then counts as an engine worker, so the anchor's calls and their nested calls run on it.
     */
    static PluginEngine anchorEngine(int hooks) throws Exception {
        byte[] wasm = Files.readAllBytes(Path.of(System.getProperty("probe.wasm", "probe.wasm")));
        PluginEngine e = Engines.engine("chicory");
        Engines.load(e, "a.zip", Guests.archive("id: bench.anchor.owner\nversion: 1.0.0\nwasm: probe.wasm\n"
                + "anchors:\n  - id: bench.anchor\n    version: 1.0.0\n", "probe.wasm", wasm));
        for (int i = 0; i < hooks; i++) Engines.load(e, "h" + i + ".zip", Guests.echoHookPlugin("bench.hook" + i, "h" + i));
        e.start();
        InlineProbe.asWorker(e);
        return e;
    }

    /** Microseconds of this thread's CPU time per operation over a slice of {@code ms} wall-clock milliseconds. */
    static double slice(Supplier<?> op, long ms) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long end = System.nanoTime() + ms * 1_000_000L;
        long n = 0;
        do {
            op.get();
            n++;
        } while (System.nanoTime() < end);
        return (THREADS.getCurrentThreadCpuTime() - cpu) / 1000.0 / n;
    }

    static double q(List<Double> values, double p) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get((int) Math.round(p * (s.size() - 1)));
    }

    private ProbeKit() {
    }
}
