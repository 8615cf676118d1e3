package io.spirefy.pluginengine.cli.console;

import io.spirefy.pluginengine.api.EngineMetrics;
import io.spirefy.pluginengine.api.FunctionMetrics;
import io.spirefy.pluginengine.api.PluginMetrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/metrics}: {@code {"plugins":[{"plugin","instancesLive","instancesIdle","compileMicros",
 * "instantiations","instantiateMicros","functions":[{"function","calls","succeeded","failed","failures":{KIND:n},
 * "meanMicros"?,"p50Micros"?,"p99Micros"?}]}]}}. Microseconds, since a small plugin's call takes a few;
 * latencies are absent for a function none of whose calls ran.
 */
public final class MetricsJson {

    private MetricsJson() {
    }

    public static Map<String, Object> of(EngineMetrics metrics) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("plugins", metrics.plugins().stream().map(MetricsJson::plugin).toList());
        return root;
    }

    private static Map<String, Object> plugin(PluginMetrics p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plugin", p.plugin());
        m.put("instancesLive", p.instancesLive());
        m.put("instancesIdle", p.instancesIdle());
        m.put("compileMicros", micros(p.compileTime()));
        m.put("instantiations", p.instantiations());
        m.put("instantiateMicros", micros(p.instantiateTime()));
        m.put("functions", p.functions().stream().map(MetricsJson::function).toList());
        return m;
    }

    private static Map<String, Object> function(FunctionMetrics f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("function", f.function());
        m.put("calls", f.calls());
        m.put("succeeded", f.succeeded());
        m.put("failed", f.failed());
        Map<String, Object> failures = new TreeMap<>();
        f.failures().forEach((kind, n) -> failures.put(kind.name(), n));
        m.put("failures", failures);
        if (f.latency().count() > 0) {
            m.put("meanMicros", micros(f.latency().mean()));
            m.put("p50Micros", micros(f.latency().quantile(0.5)));
            m.put("p99Micros", micros(f.latency().quantile(0.99)));
        }
        return m;
    }

    /** The last bucket has no upper bound: its quantile is reported as -1 rather than a huge number. */
    private static long micros(Duration d) {
        long nanos = d.toNanos();
        return nanos == Long.MAX_VALUE ? -1 : nanos / 1000;
    }
}
