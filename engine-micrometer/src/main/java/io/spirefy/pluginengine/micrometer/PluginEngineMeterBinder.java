package io.spirefy.pluginengine.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.EngineMetrics;
import io.spirefy.pluginengine.api.PluginEngine;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Exposes {@link PluginEngine#metrics()} to Micrometer. Per plugin (tag {@code plugin}, its
 * {@code id@version}): {@value #INSTANCES_LIVE}, {@value #INSTANCES_IDLE} (gauges),
 * {@value #COMPILE_TIME} (a time gauge), {@value #INSTANTIATIONS} (a function timer: count and
 * total time). Per exported function called (tags {@code plugin}, {@code function}):
 * {@value #CALLS} (every call asked for, refused ones included), {@value #FAILURES} (one counter
 * per {@link CallFailure} kind seen, tag {@code kind}) and {@value #CALL_DURATION} (a function
 * timer over the calls that ran).
 *
 * <p>The meters read one snapshot of the engine's metrics, taken again when it is older than the
 * binder's maximum age (default {@link #DEFAULT_MAX_AGE}), so a scrape of many meters costs one
 * snapshot. A function, failure kind or plugin that first appears in a snapshot gets its meters
 * then; a plugin gone from it loses them. Values are cumulative since the plugin was loaded.
 *
 * <pre>{@code new PluginEngineMeterBinder(engine).bindTo(registry);}</pre>
 */
public final class PluginEngineMeterBinder implements MeterBinder {

    /** How long a snapshot serves meter reads unless the constructor says otherwise. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);

    /** Calls of a function (counter). */
    public static final String CALLS = "pluginengine.calls";
    /** Failed calls of a function, by kind (counter). */
    public static final String FAILURES = "pluginengine.call.failures";
    /** How long the calls of a function ran (function timer). */
    public static final String CALL_DURATION = "pluginengine.call.duration";
    /** Instances of a plugin, busy or idle (gauge). */
    public static final String INSTANCES_LIVE = "pluginengine.instances.live";
    /** Idle instances of a plugin (gauge). */
    public static final String INSTANCES_IDLE = "pluginengine.instances.idle";
    /** Time spent compiling a plugin's module (time gauge). */
    public static final String COMPILE_TIME = "pluginengine.compile.time";
    /** Instantiations of a plugin's module and their time (function timer). */
    public static final String INSTANTIATIONS = "pluginengine.instantiations";

    private static final String PREFIX = "pluginengine.";

    private final PluginEngine engine;
    private final long maxAgeNanos;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    /** Which plugins, functions and failure kinds have their meters, in every bound registry. */
    private final Set<String> bound = new HashSet<>();
    private MetricsIndex index;

    /**
     * A binder whose snapshot serves reads for {@link #DEFAULT_MAX_AGE}.
     *
     * @param engine the engine whose metrics to expose
     */
    public PluginEngineMeterBinder(PluginEngine engine) {
        this(engine, DEFAULT_MAX_AGE);
    }

    /**
     * @param engine the engine whose metrics to expose
     * @param maxAge how long one snapshot serves meter reads; {@link Duration#ZERO} takes one per read
     */
    public PluginEngineMeterBinder(PluginEngine engine, Duration maxAge) {
        this.engine = Objects.requireNonNull(engine, "engine");
        if (maxAge.isNegative()) throw new IllegalArgumentException("maxAge must not be negative: " + maxAge);
        this.maxAgeNanos = maxAge.toNanos();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        synchronized (this) {
            registries.add(registry);
            // Every meter so far, in the new registry too: forget them, and let refresh add all.
            bound.clear();
            refresh(engine.metrics(), System.nanoTime());
        }
    }

    /** The current snapshot, taken anew when too old; a newer one adds and removes meters. */
    private synchronized MetricsIndex index() {
        long now = System.nanoTime();
        if (index == null || now - index.takenAt() >= maxAgeNanos) refresh(engine.metrics(), now);
        return index;
    }

    private void refresh(EngineMetrics metrics, long now) {
        index = new MetricsIndex(metrics, now);
        Set<String> present = new HashSet<>();
        metrics.plugins().forEach(p -> {
            String ref = p.plugin();
            present.add(ref);
            if (bound.add("p\n" + ref)) registries.forEach(r -> bindPlugin(r, ref));
            p.functions().forEach(f -> {
                if (bound.add("f\n" + ref + "\n" + f.function())) registries.forEach(r -> bindFunction(r, ref, f.function()));
                f.failures().keySet().forEach(kind -> {
                    if (bound.add("k\n" + ref + "\n" + f.function() + "\n" + kind)) {
                        registries.forEach(r -> bindFailure(r, ref, f.function(), kind));
                    }
                });
            });
        });
        Set<String> gone = new HashSet<>();
        for (String key : bound) {
            String ref = key.split("\n", 3)[1];
            if (!present.contains(ref)) gone.add(ref);
        }
        if (gone.isEmpty()) return;
        bound.removeIf(key -> gone.contains(key.split("\n", 3)[1]));
        for (MeterRegistry r : registries) {
            for (Meter m : r.getMeters()) {
                if (m.getId().getName().startsWith(PREFIX) && gone.contains(m.getId().getTag("plugin"))) r.remove(m);
            }
        }
    }

    /*
     * Function counters and timers hold the binder weakly (Micrometer offers no strong option for
     * them); the plugin's gauges hold it strongly, and a function's meters never outlive its
     * plugin's, so a host need not keep the binder itself.
     */
    private void bindPlugin(MeterRegistry r, String ref) {
        Gauge.builder(INSTANCES_LIVE, this, b -> b.index().plugin(ref).map(p -> (double) p.instancesLive()).orElse(Double.NaN))
                .tag("plugin", ref).description("Instances of the plugin's module, busy or idle").strongReference(true).register(r);
        Gauge.builder(INSTANCES_IDLE, this, b -> b.index().plugin(ref).map(p -> (double) p.instancesIdle()).orElse(Double.NaN))
                .tag("plugin", ref).description("Idle instances of the plugin's module").strongReference(true).register(r);
        TimeGauge.builder(COMPILE_TIME, this, TimeUnit.NANOSECONDS,
                        b -> b.index().plugin(ref).map(p -> (double) p.compileTime().toNanos()).orElse(Double.NaN))
                .tag("plugin", ref).description("Time spent compiling the plugin's module").strongReference(true).register(r);
        FunctionTimer.builder(INSTANTIATIONS, this,
                        b -> b.index().plugin(ref).map(p -> p.instantiations()).orElse(0L),
                        b -> b.index().plugin(ref).map(p -> (double) p.instantiateTime().toNanos()).orElse(0.0), TimeUnit.NANOSECONDS)
                .tag("plugin", ref).description("Instantiations of the plugin's module").register(r);
    }

    private void bindFunction(MeterRegistry r, String ref, String function) {
        FunctionCounter.builder(CALLS, this, b -> b.index().function(ref, function).map(f -> (double) f.calls()).orElse(0.0))
                .tags("plugin", ref, "function", function).description("Calls of the plugin's function, refused ones included")
                .register(r);
        FunctionTimer.builder(CALL_DURATION, this,
                        b -> b.index().function(ref, function).map(f -> f.latency().count()).orElse(0L),
                        b -> b.index().function(ref, function).map(f -> (double) f.latency().totalNanos()).orElse(0.0),
                        TimeUnit.NANOSECONDS)
                .tags("plugin", ref, "function", function).description("How long the calls of the function ran")
                .register(r);
    }

    private void bindFailure(MeterRegistry r, String ref, String function, CallFailure kind) {
        FunctionCounter.builder(FAILURES, this, b -> b.index().function(ref, function).map(f -> (double) f.failures(kind)).orElse(0.0))
                .tags("plugin", ref, "function", function, "kind", kind.name().toLowerCase(Locale.ROOT))
                .description("Failed calls of the plugin's function, by kind").register(r);
    }
}
