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
 *
 * <p>A call is counted once, where it is cheapest: one that ran is counted by its latency bucket
 * (so a call that returns costs two adders: its bucket and the latency sum, no call counter); one
 * that failed is counted by {@link #failed}, and if it had run as well it is taken off again by
 * {@link #ranThenFailed}. Calls = the buckets' sum + failed calls - failed calls that ran.
 */
final class FunctionStats {

    /** Bucket {@code b} holds latencies below {@code 1024 << b} ns (about 1 µs doubling to about 69 s); the last has no bound. */
    static final int BUCKETS = 28;
    private static final CallFailure[] KINDS = CallFailure.values();

    private final String function;
    private final LongAdder[] failures = new LongAdder[KINDS.length];
    private final LongAdder[] buckets = new LongAdder[BUCKETS];
    private final LongAdder totalNanos = new LongAdder();
    /** Calls that failed, whether they ran or were refused before. */
    private final LongAdder failedCalls = new LongAdder();
    /** Calls that ran (so are in a bucket) and then failed (so are in {@link #failedCalls} too). */
    private final LongAdder ranThenFailed = new LongAdder();

    FunctionStats(String function) {
        this.function = function;
        for (int i = 0; i < failures.length; i++) failures[i] = new LongAdder();
        for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }

    /** A call that failed, whether it ran or was refused before. */
    void failed(CallFailure kind) {
        failedCalls.increment();
        failures[kind.ordinal()].increment();
    }

    /** A call counted as a success whose result then failed its check: it is a failure after all. */
    void failedAfterwards(CallFailure kind) {
        failures[kind.ordinal()].increment();
    }

    /**
     * How long the export ran; this counts the call.
     *
     * @param returned whether it returned; if not, the caller counts it again with {@link #failed}
     */
    void ran(long nanos, boolean returned) {
        int b = 64 - Long.numberOfLeadingZeros(Math.max(0, nanos) >>> 10);
        buckets[Math.min(b, BUCKETS - 1)].increment();
        totalNanos.add(nanos);
        if (!returned) ranThenFailed.increment();
    }

    FunctionMetrics snapshot() {
        Map<CallFailure, Long> failed = new EnumMap<>(CallFailure.class);
        for (CallFailure kind : KINDS) {
            long n = failures[kind.ordinal()].sum();
            if (n != 0) failed.put(kind, n);
        }
        // Read before the buckets, which a failing call writes first: a call is never taken off
        // without its bucket. One that fails while this reads may be missing until it has
        // unwound to failed(): like any call in flight, it is not counted yet.
        long twice = ranThenFailed.sum();
        long[] bounds = new long[BUCKETS];
        long[] counts = new long[BUCKETS];
        long ran = 0;
        for (int b = 0; b < BUCKETS; b++) {
            bounds[b] = b == BUCKETS - 1 ? Long.MAX_VALUE : 1024L << b;
            counts[b] = buckets[b].sum();
            ran += counts[b];
        }
        long calls = ran + failedCalls.sum() - twice;
        return new FunctionMetrics(function, calls, failed, new LatencyHistogram(bounds, counts, totalNanos.sum()));
    }
}
