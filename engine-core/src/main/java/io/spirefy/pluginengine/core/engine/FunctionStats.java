package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.FunctionMetrics;
import io.spirefy.pluginengine.api.LatencyHistogram;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one export of one plugin. Recording is on every call's path, so it takes no
 * lock and allocates nothing: striped adders, and a bucket found by a shift.
 */
final class FunctionStats {

    /** Bucket {@code b} holds latencies below {@code 1024 << b} ns (about 1 µs doubling to about 69 s); the last has no bound. */
    static final int BUCKETS = 28;
    private static final CallFailure[] KINDS = CallFailure.values();

    private final String function;
    private final LongAdder calls = new LongAdder();
    private final LongAdder[] failures = new LongAdder[KINDS.length];
    private final LongAdder[] buckets = new LongAdder[BUCKETS];
    private final LongAdder totalNanos = new LongAdder();

    FunctionStats(String function) {
        this.function = function;
        for (int i = 0; i < failures.length; i++) failures[i] = new LongAdder();
        for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }

    /** A call that succeeded. */
    void succeeded() {
        calls.increment();
    }

    /** A call that failed, whether it ran or was refused before. */
    void failed(CallFailure kind) {
        calls.increment();
        failures[kind.ordinal()].increment();
    }

    /** A call counted as a success whose result then failed its check: it is a failure after all. */
    void failedAfterwards(CallFailure kind) {
        failures[kind.ordinal()].increment();
    }

    /** How long the export ran (its outcome is counted by the caller). */
    void ran(long nanos) {
        int b = 64 - Long.numberOfLeadingZeros(Math.max(0, nanos) >>> 10);
        buckets[Math.min(b, BUCKETS - 1)].increment();
        totalNanos.add(nanos);
    }

    FunctionMetrics snapshot() {
        Map<CallFailure, Long> failed = new EnumMap<>(CallFailure.class);
        for (CallFailure kind : KINDS) {
            long n = failures[kind.ordinal()].sum();
            if (n != 0) failed.put(kind, n);
        }
        long[] bounds = new long[BUCKETS];
        long[] counts = new long[BUCKETS];
        for (int b = 0; b < BUCKETS; b++) {
            bounds[b] = b == BUCKETS - 1 ? Long.MAX_VALUE : 1024L << b;
            counts[b] = buckets[b].sum();
        }
        return new FunctionMetrics(function, calls.sum(), failed, new LatencyHistogram(bounds, counts, totalNanos.sum()));
    }
}
