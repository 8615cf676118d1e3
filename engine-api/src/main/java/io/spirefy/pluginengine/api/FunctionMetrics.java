package io.spirefy.pluginengine.api;

import java.util.Map;

/**
 * The calls of one exported function of one plugin: as a plugin function, a hook or a listener
 * (each is an export). A call refused before it ran (an invalid payload, a depth limit) counts as
 * a call that failed.
 *
 * @param function the export's name
 * @param calls    every call asked of it
 * @param failures the calls that failed, by kind; kinds that never happened are absent
 * @param latency  how long its calls ran, from the start of the export to its return (the calls it
 *                 made included); a call refused before it ran is not in it
 */
public record FunctionMetrics(String function, long calls, Map<CallFailure, Long> failures, LatencyHistogram latency) {

    /**
     * Keeps a copy of the failures.
     *
     * @param function the export's name
     * @param calls    every call asked of it
     * @param failures the calls that failed, by kind
     * @param latency  how long its calls ran
     */
    public FunctionMetrics {
        failures = Map.copyOf(failures);
    }

    /**
     * The calls that failed, of any kind.
     *
     * @return their number
     */
    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The calls that succeeded.
     *
     * @return {@link #calls} less {@link #failed}
     */
    public long succeeded() {
        return calls - failed();
    }

    /**
     * The calls that failed with one kind.
     *
     * @param kind the kind of failure
     * @return their number; zero when it never happened
     */
    public long failures(CallFailure kind) {
        return failures.getOrDefault(kind, 0L);
    }
}
