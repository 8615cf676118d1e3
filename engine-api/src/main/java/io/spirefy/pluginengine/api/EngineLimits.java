package io.spirefy.pluginengine.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-call limits (contract section 7) and instance pooling.
 *
 * @param callTimeout           wall-clock time one function may run, not counting time spent waiting
 *                              for the hooks and listeners it calls (each has its own); also the
 *                              time instantiation (start section, {@code _initialize}) and the
 *                              {@code start} and {@code stop} exports each may run
 * @param maxMemoryPages        the most 64 KiB pages one instance may make the host hold: its
 *                              linear memory and the Extism kernel's memory together; payloads in
 *                              flight in one call tree are bounded by the same number of bytes
 * @param maxCallDepth          how deeply calls may nest (plugin -> CallHook -> plugin ...)
 * @param maxInstancesPerPlugin how many instances of one plugin may exist at once; a call beyond
 *                              that waits for a free instance (up to its timeout)
 * @param callTreeDeadline      the overall deadline of every call the host starts, bounding all the
 *                              calls nested beneath it; {@code null} means 6 x {@code callTimeout}
 * @param compileTimeout        how long compiling one module may take
 */
public record EngineLimits(Duration callTimeout, int maxMemoryPages, int maxCallDepth, int maxInstancesPerPlugin,
                           Duration callTreeDeadline, Duration compileTimeout) {

    /** 5 s, 1024 pages (64 MiB), depth 16, 8 instances, call trees 6 x 5 s, compile 60 s. */
    public static final EngineLimits DEFAULTS = new EngineLimits(Duration.ofSeconds(5), 1024, 16, 8);

    /** How many call timeouts make the default call-tree deadline. */
    public static final int DEFAULT_DEADLINE_FACTOR = 6;

    /**
     * Checks the limits, so that a wrong one fails when the host sets it, not at the first call.
     *
     * @param callTimeout           wall-clock time one function may run, not counting time spent waiting
     *                              for the hooks and listeners it calls (each has its own); also the
     *                              time instantiation (start section, {@code _initialize}) and the
     *                              {@code start} and {@code stop} exports each may run
     * @param maxMemoryPages        the most 64 KiB pages one instance may make the host hold: its
     *                              linear memory and the Extism kernel's memory together; payloads in
     *                              flight in one call tree are bounded by the same number of bytes
     * @param maxCallDepth          how deeply calls may nest (plugin -> CallHook -> plugin ...)
     * @param maxInstancesPerPlugin how many instances of one plugin may exist at once; a call beyond
     *                              that waits for a free instance (up to its timeout)
     * @param callTreeDeadline      the overall deadline of every call the host starts, bounding all the
     *                              calls nested beneath it; {@code null} means 6 x {@code callTimeout}
     * @param compileTimeout        how long compiling one module may take
     * @throws NullPointerException     without a call timeout or a compile timeout
     * @throws IllegalArgumentException for a duration that is not positive, memory pages outside
     *                                  1..65536 (4 GiB, all a 32-bit memory can address), or a depth
     *                                  or instance count below 1
     */
    public EngineLimits {
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(compileTimeout, "compileTimeout");
        if (callTimeout.isNegative() || callTimeout.isZero()) throw new IllegalArgumentException("callTimeout must be positive");
        if (callTreeDeadline != null && (callTreeDeadline.isNegative() || callTreeDeadline.isZero())) {
            throw new IllegalArgumentException("callTreeDeadline must be positive");
        }
        if (compileTimeout.isNegative() || compileTimeout.isZero()) throw new IllegalArgumentException("compileTimeout must be positive");
        if (maxMemoryPages < 1 || maxMemoryPages > 65536) throw new IllegalArgumentException("maxMemoryPages must be 1..65536");
        if (maxCallDepth < 1) throw new IllegalArgumentException("maxCallDepth must be at least 1");
        if (maxInstancesPerPlugin < 1) throw new IllegalArgumentException("maxInstancesPerPlugin must be at least 1");
    }

    /**
     * Limits with the default call-tree deadline (6 x {@code callTimeout}) and compile timeout (60 s).
     *
     * @param callTimeout           wall-clock time one function may run
     * @param maxMemoryPages        the most 64 KiB pages one instance may make the host hold
     * @param maxCallDepth          how deeply calls may nest
     * @param maxInstancesPerPlugin how many instances of one plugin may exist at once
     */
    public EngineLimits(Duration callTimeout, int maxMemoryPages, int maxCallDepth, int maxInstancesPerPlugin) {
        this(callTimeout, maxMemoryPages, maxCallDepth, maxInstancesPerPlugin, null, Duration.ofSeconds(60));
    }

    /**
     * The deadline in force for a call the host starts without one of its own.
     *
     * @return {@link #callTreeDeadline}, or 6 x {@code callTimeout} when that is {@code null}
     */
    public Duration effectiveCallTreeDeadline() {
        return callTreeDeadline != null ? callTreeDeadline : callTimeout.multipliedBy(DEFAULT_DEADLINE_FACTOR);
    }

    /**
     * {@link #maxMemoryPages} in bytes.
     *
     * @return pages x 64 KiB
     */
    public long maxMemoryBytes() {
        return maxMemoryPages * 65536L;
    }

    /**
     * These limits with another call timeout.
     *
     * @param d wall-clock time one function may run; the default call-tree deadline follows it
     * @return new limits
     */
    public EngineLimits withCallTimeout(Duration d) { return new EngineLimits(d, maxMemoryPages, maxCallDepth, maxInstancesPerPlugin, callTreeDeadline, compileTimeout); }

    /**
     * These limits with another memory bound.
     *
     * @param n the most 64 KiB pages one instance may make the host hold, 1..65536
     * @return new limits
     */
    public EngineLimits withMaxMemoryPages(int n) { return new EngineLimits(callTimeout, n, maxCallDepth, maxInstancesPerPlugin, callTreeDeadline, compileTimeout); }

    /**
     * These limits with another nesting bound.
     *
     * @param n how deeply calls may nest, at least 1
     * @return new limits
     */
    public EngineLimits withMaxCallDepth(int n) { return new EngineLimits(callTimeout, maxMemoryPages, n, maxInstancesPerPlugin, callTreeDeadline, compileTimeout); }

    /**
     * These limits with another pool size.
     *
     * @param n how many instances of one plugin may exist at once, at least 1
     * @return new limits
     */
    public EngineLimits withMaxInstancesPerPlugin(int n) { return new EngineLimits(callTimeout, maxMemoryPages, maxCallDepth, n, callTreeDeadline, compileTimeout); }

    /**
     * These limits with another overall deadline for call trees the host starts.
     *
     * @param d the deadline; {@code null} restores the default, 6 x {@code callTimeout}
     * @return new limits
     */
    public EngineLimits withCallTreeDeadline(Duration d) { return new EngineLimits(callTimeout, maxMemoryPages, maxCallDepth, maxInstancesPerPlugin, d, compileTimeout); }

    /**
     * These limits with another compile timeout: a large module (a Go plugin) can take seconds.
     *
     * @param d how long compiling one module may take
     * @return new limits
     */
    public EngineLimits withCompileTimeout(Duration d) { return new EngineLimits(callTimeout, maxMemoryPages, maxCallDepth, maxInstancesPerPlugin, callTreeDeadline, d); }
}
