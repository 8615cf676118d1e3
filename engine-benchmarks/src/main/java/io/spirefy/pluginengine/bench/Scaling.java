package io.spirefy.pluginengine.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Pool scaling measured side by side: JMH's throughput iterations vary by +-20% here, more than
 * the difference between 1.5x and 1.7x. Two worker threads run 100 ms slices; each round measures
 * one thread alone and both together, on the engine (one plugin, the pool gives each thread an
 * instance) and on the raw SDK (a plugin per thread), in alternating order. Each round gives a
 * 2-thread/1-thread ratio per side; the medians and quartiles are reported.
 *
 * <p>{@code java -cp engine-benchmarks/target/benchmarks.jar io.spirefy.pluginengine.bench.Scaling [runtime] [rounds] [sliceMillis]}
 */
public final class Scaling {

    /** The payload of {@link ThroughputBenchmark}, for the raw side. */
    private static final byte[] PAYLOAD = Guests.payload(64);

    private Scaling() {
    }

    public static void main(String[] args) throws Exception {
        String runtime = args.length > 0 ? args[0] : "chicory";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        long sliceNanos = (args.length > 2 ? Long.parseLong(args[2]) : 100) * 1_000_000L;

        ThroughputBenchmark.Shared shared = new ThroughputBenchmark.Shared();
        shared.runtime = runtime;
        shared.setUp();
        RawPlugin[] raws = {RawPlugin.open(runtime, Guests.wasm(Guests.ECHO)), RawPlugin.open(runtime, Guests.wasm(Guests.ECHO))};
        ThroughputBenchmark bench = new ThroughputBenchmark();
        IntFunction<Supplier<?>> engine = worker -> () -> bench.engine1(shared);
        IntFunction<Supplier<?>> raw = worker -> () -> raws[worker].call("echo", PAYLOAD);
        try (Workers workers = new Workers()) {
            for (int i = 0; i < 5; i++) {
                workers.run(engine, 2, sliceNanos);
                workers.run(raw, 2, sliceNanos);
            }
            List<Double> engineRatios = new ArrayList<>();
            List<Double> rawRatios = new ArrayList<>();
            List<Double> engineOne = new ArrayList<>();
            List<Double> rawOne = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                boolean engineFirst = r % 2 == 0;
                double[] e = new double[2];
                double[] w = new double[2];
                for (int side = 0; side < 2; side++) {
                    boolean doEngine = (side == 0) == engineFirst;
                    IntFunction<Supplier<?>> op = doEngine ? engine : raw;
                    double[] into = doEngine ? e : w;
                    // Alternate 1 and 2 threads too, so neither always follows the other.
                    if (r % 4 < 2) {
                        into[0] = workers.run(op, 1, sliceNanos);
                        into[1] = workers.run(op, 2, sliceNanos);
                    } else {
                        into[1] = workers.run(op, 2, sliceNanos);
                        into[0] = workers.run(op, 1, sliceNanos);
                    }
                }
                engineRatios.add(e[1] / e[0]);
                rawRatios.add(w[1] / w[0]);
                engineOne.add(e[0]);
                rawOne.add(w[0]);
            }
            System.out.printf("scaling %-8s 2 threads / 1 thread: engine median %.2f (quartiles %.2f..%.2f), raw SDK median %.2f (quartiles %.2f..%.2f)%n",
                    runtime, Paired.q(engineRatios, 0.5), Paired.q(engineRatios, 0.25), Paired.q(engineRatios, 0.75),
                    Paired.q(rawRatios, 0.5), Paired.q(rawRatios, 0.25), Paired.q(rawRatios, 0.75));
            System.out.printf("scaling %-8s one thread: engine median %.0f ops/ms, raw SDK median %.0f ops/ms%n",
                    runtime, Paired.q(engineOne, 0.5), Paired.q(rawOne, 0.5));
        } finally {
            shared.tearDown();
            for (RawPlugin p : raws) p.close();
        }
    }

    /** Two long-lived threads (so the engine sees the same threads every slice) running slices on demand. */
    private static final class Workers implements AutoCloseable {
        private final Thread[] threads = new Thread[2];
        private final CyclicBarrier start = new CyclicBarrier(3);
        private final CyclicBarrier done = new CyclicBarrier(3);
        private final AtomicBoolean closed = new AtomicBoolean();
        private final long[] ops = new long[2];
        private volatile IntFunction<Supplier<?>> task;
        private volatile int active;
        private volatile long sliceNanos;

        Workers() {
            for (int i = 0; i < 2; i++) {
                int id = i;
                threads[i] = new Thread(() -> loop(id), "scaling-worker-" + i);
                threads[i].setDaemon(true);
                threads[i].start();
            }
        }

        private void loop(int id) {
            try {
                while (true) {
                    start.await();
                    if (closed.get()) return;
                    long n = 0;
                    if (id < active) {
                        Supplier<?> op = task.apply(id);
                        long end = System.nanoTime() + sliceNanos;
                        Object sink = null;
                        do {
                            sink = op.get();
                            n++;
                        } while (System.nanoTime() < end);
                        if (sink == null) n = -n; // keeps the result alive; never null here
                    }
                    ops[id] = n;
                    done.await();
                }
            } catch (Exception e) {
                if (!closed.get()) throw new IllegalStateException(e);
            }
        }

        /** Operations per millisecond of {@code threads} workers together over one slice. */
        double run(IntFunction<Supplier<?>> op, int threads, long slice) throws Exception {
            task = op;
            active = threads;
            sliceNanos = slice;
            start.await();
            done.await();
            long total = 0;
            for (int i = 0; i < threads; i++) {
                if (ops[i] < 0) throw new IllegalStateException("an operation returned null");
                total += ops[i];
            }
            return total / (slice / 1e6);
        }

        @Override
        public void close() throws Exception {
            closed.set(true);
            start.await();
        }
    }
}
