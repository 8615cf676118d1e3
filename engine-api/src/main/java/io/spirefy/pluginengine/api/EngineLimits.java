package io.spirefy.pluginengine.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-call limits (contract section 7) and instance pooling.
 *
 * @param callTimeout          wall-clock time one function may run, not counting time spent waiting
 *                             for the hooks and listeners it calls (each has its own)
 * @param maxMemoryPages       the most 64 KiB pages a plugin's memory may grow to
 * @param maxCallDepth         how deeply calls may nest (plugin -> CallHook -> plugin ...)
 * @param maxInstancesPerPlugin how many instances of one plugin may exist at once; a call beyond
 *                             that waits for a free instance (up to its timeout)
 */
public record EngineLimits(Duration callTimeout, int maxMemoryPages, int maxCallDepth, int maxInstancesPerPlugin) {

    /** 5 s, 1024 pages (64 MiB), depth 16, 8 instances. */
    public static final EngineLimits DEFAULTS = new EngineLimits(Duration.ofSeconds(5), 1024, 16, 8);

    public EngineLimits {
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isNegative() || callTimeout.isZero()) throw new IllegalArgumentException("callTimeout must be positive");
        if (maxMemoryPages < 1 || maxMemoryPages > 65536) throw new IllegalArgumentException("maxMemoryPages must be 1..65536");
        if (maxCallDepth < 1) throw new IllegalArgumentException("maxCallDepth must be at least 1");
        if (maxInstancesPerPlugin < 1) throw new IllegalArgumentException("maxInstancesPerPlugin must be at least 1");
    }

    public EngineLimits withCallTimeout(Duration d) { return new EngineLimits(d, maxMemoryPages, maxCallDepth, maxInstancesPerPlugin); }

    public EngineLimits withMaxMemoryPages(int n) { return new EngineLimits(callTimeout, n, maxCallDepth, maxInstancesPerPlugin); }

    public EngineLimits withMaxCallDepth(int n) { return new EngineLimits(callTimeout, maxMemoryPages, n, maxInstancesPerPlugin); }

    public EngineLimits withMaxInstancesPerPlugin(int n) { return new EngineLimits(callTimeout, maxMemoryPages, maxCallDepth, n); }
}
