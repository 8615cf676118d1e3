package io.spirefy.pluginengine.micrometer;

import io.spirefy.pluginengine.api.EngineMetrics;
import io.spirefy.pluginengine.api.FunctionMetrics;
import io.spirefy.pluginengine.api.PluginMetrics;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One snapshot of the engine's metrics, looked up by plugin and function in constant time: each meter read is one lookup. */
final class MetricsIndex {

    private final long takenAt;
    private final Map<String, PluginMetrics> plugins = new HashMap<>();
    private final Map<String, FunctionMetrics> functions = new HashMap<>();

    MetricsIndex(EngineMetrics metrics, long takenAt) {
        this.takenAt = takenAt;
        for (PluginMetrics p : metrics.plugins()) {
            plugins.put(p.plugin(), p);
            for (FunctionMetrics f : p.functions()) functions.put(key(p.plugin(), f.function()), f);
        }
    }

    long takenAt() {
        return takenAt;
    }

    Optional<PluginMetrics> plugin(String ref) {
        return Optional.ofNullable(plugins.get(ref));
    }

    Optional<FunctionMetrics> function(String ref, String function) {
        return Optional.ofNullable(functions.get(key(ref, function)));
    }

    private static String key(String ref, String function) {
        return ref + '\n' + function;
    }
}
