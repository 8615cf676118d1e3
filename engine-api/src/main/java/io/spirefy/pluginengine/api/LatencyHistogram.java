package io.spirefy.pluginengine.api;

import java.time.Duration;
import java.util.Arrays;

/**
 * Call latencies in fixed buckets: bucket {@code i} counts the calls that took less than
 * {@code upperBoundNanos[i]} and at least the bound before it; the last bucket has no upper bound
 * ({@link Long#MAX_VALUE}). Fixed bounds keep recording free of allocation and locks.
 *
 * @param upperBoundNanos each bucket's exclusive upper bound, ascending
 * @param counts          the calls in each bucket
 * @param totalNanos      the sum of all latencies
 */
public record LatencyHistogram(long[] upperBoundNanos, long[] counts, long totalNanos) {

    /**
     * Keeps copies of the arrays.
     *
     * @param upperBoundNanos each bucket's exclusive upper bound, ascending
     * @param counts          the calls in each bucket, as many as bounds
     * @param totalNanos      the sum of all latencies
     */
    public LatencyHistogram {
        if (upperBoundNanos.length != counts.length) throw new IllegalArgumentException("one count per bucket");
        upperBoundNanos = upperBoundNanos.clone();
        counts = counts.clone();
    }

    /**
     * Each bucket's exclusive upper bound.
     *
     * @return a copy, ascending
     */
    @Override
    public long[] upperBoundNanos() { return upperBoundNanos.clone(); }

    /**
     * The calls in each bucket.
     *
     * @return a copy, one count per bound
     */
    @Override
    public long[] counts() { return counts.clone(); }

    /**
     * How many latencies were recorded.
     *
     * @return the sum of the counts
     */
    public long count() {
        return Arrays.stream(counts).sum();
    }

    /**
     * The mean latency.
     *
     * @return the mean; zero when nothing was recorded
     */
    public Duration mean() {
        long n = count();
        return Duration.ofNanos(n == 0 ? 0 : totalNanos / n);
    }

    /**
     * An upper estimate of the {@code q} quantile (0 to 1): the upper bound of the bucket it falls
     * in, so at most twice the true value.
     *
     * @param q the quantile, from 0 to 1
     * @return the estimate; zero when nothing was recorded
     */
    public Duration quantile(double q) {
        if (q < 0 || q > 1) throw new IllegalArgumentException("a quantile is between 0 and 1");
        long n = count();
        if (n == 0) return Duration.ZERO;
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) return Duration.ofNanos(upperBoundNanos[i]);
        }
        return Duration.ofNanos(Long.MAX_VALUE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram h && totalNanos == h.totalNanos
                && Arrays.equals(upperBoundNanos, h.upperBoundNanos) && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(upperBoundNanos) + Arrays.hashCode(counts)) + Long.hashCode(totalNanos);
    }

    @Override
    public String toString() {
        return "LatencyHistogram[count=" + count() + ", mean=" + mean() + ", p50=" + quantile(0.5) + ", p99=" + quantile(0.99) + "]";
    }
}
