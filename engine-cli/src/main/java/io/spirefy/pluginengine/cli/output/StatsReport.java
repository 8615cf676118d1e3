package io.spirefy.pluginengine.cli.output;

import io.spirefy.pluginengine.api.EngineMetrics;
import io.spirefy.pluginengine.api.FunctionMetrics;
import io.spirefy.pluginengine.api.PluginMetrics;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code call --stats}: what each plugin of the run cost, as two tables. */
public final class StatsReport {

    private StatsReport() {
    }

    public static void print(EngineMetrics metrics, PrintStream out) {
        Table plugins = new Table("plugins", "PLUGIN", "COMPILE", "INSTANCES", "INSTANTIATE", "LIVE/IDLE");
        Table calls = new Table("calls", "PLUGIN", "FUNCTION", "CALLS", "OK", "MEAN", "P50<=", "P99<=", "FAILED");
        for (PluginMetrics p : metrics.plugins()) {
            plugins.row(p.plugin(), millis(p.compileTime()), p.instantiations(), millis(p.instantiateTime()),
                    p.instancesLive() + "/" + p.instancesIdle());
            for (FunctionMetrics f : p.functions()) {
                String failed = f.failures().isEmpty() ? "-" : f.failures().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(" "));
                // A function whose every call was refused before it ran has no latency to show.
                boolean ran = f.latency().count() > 0;
                calls.row(p.plugin(), f.function(), f.calls(), f.succeeded(), ran ? millis(f.latency().mean()) : "-",
                        ran ? millis(f.latency().quantile(0.5)) : "-", ran ? millis(f.latency().quantile(0.99)) : "-", failed);
            }
        }
        plugins.print(out);
        calls.print(out);
    }

    /** Milliseconds with three decimals: a call of a small plugin takes microseconds. */
    private static String millis(Duration d) {
        if (d.toNanos() == Long.MAX_VALUE) return "inf";
        return String.format(Locale.ROOT, "%.3f ms", d.toNanos() / 1e6);
    }
}
