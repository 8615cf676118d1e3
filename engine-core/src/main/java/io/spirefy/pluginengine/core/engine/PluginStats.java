package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.FunctionMetrics;
import io.spirefy.pluginengine.api.PluginMetrics;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What one plugin has cost: per-export call counters, compile and instantiate times. */
final class PluginStats {

    private final ConcurrentHashMap<String, FunctionStats> functions = new ConcurrentHashMap<>();
    private final LongAdder instantiations = new LongAdder();
    private final LongAdder instantiateNanos = new LongAdder();
    private volatile long compileNanos;

    /** The counters of one export, made on first need. */
    FunctionStats function(String name) {
        FunctionStats stats = functions.get(name);
        return stats != null ? stats : functions.computeIfAbsent(name, FunctionStats::new);
    }

    void compiled(long nanos) {
        compileNanos = nanos;
    }

    void instantiated(long nanos) {
        instantiations.increment();
        instantiateNanos.add(nanos);
    }

    PluginMetrics snapshot(String ref, InstancePool pool) {
        int live = pool == null ? 0 : pool.liveCount();
        int idle = pool == null ? 0 : pool.idleCount();
        // Counters exist ahead of the first call (a hook's, when it resolves): only those called are shown.
        List<FunctionMetrics> fns = functions.values().stream().map(FunctionStats::snapshot).filter(f -> f.calls() > 0)
                .sorted(Comparator.comparing(FunctionMetrics::function)).toList();
        return new PluginMetrics(ref, live, Math.min(idle, live), Duration.ofNanos(compileNanos), instantiations.sum(),
                Duration.ofNanos(instantiateNanos.sum()), fns);
    }
}
