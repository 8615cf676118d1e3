package io.spirefy.pluginengine.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.core.PluginEngines;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The meters count exactly the calls made on a real engine (chicory, the C guest test.counter). */
class PluginEngineMeterBinderTest {

    private static final String PLUGIN = "test.counter@1.0.0";

    private static PluginEngine engine() {
        PluginEngine engine = PluginEngines.builder().runtime("chicory").build();
        String dir = System.getProperty("pluginengine.testPlugins");
        assertThat(dir).as("system property pluginengine.testPlugins (run through Maven)").isNotNull();
        LoadResult result = engine.load(Path.of(dir, "hook-counter.tar.gz"));
        assertThat(result.problems()).isEmpty();
        engine.start();
        return engine;
    }

    private static void count(PluginEngine engine, int times) {
        for (int i = 0; i < times; i++) engine.call(PLUGIN, "count", "x".getBytes(StandardCharsets.UTF_8));
    }

    private static double calls(MeterRegistry r, String function) {
        return r.get(PluginEngineMeterBinder.CALLS).tags("plugin", PLUGIN, "function", function).functionCounter().count();
    }

    @Test
    void countersAndTimersMatchTheCallsMade() {
        try (PluginEngine engine = engine()) {
            count(engine, 2);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new PluginEngineMeterBinder(engine, Duration.ZERO).bindTo(registry);
            assertThat(calls(registry, "count")).isEqualTo(2);

            count(engine, 3);
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> engine.call(PLUGIN, "missing", new byte[0])).isInstanceOf(PluginCallException.class);
            }
            // The first read after the calls takes a snapshot that names the new function and kind.
            assertThat(calls(registry, "count")).isEqualTo(5);
            assertThat(calls(registry, "missing")).isEqualTo(2);
            FunctionCounter notFound = registry.get(PluginEngineMeterBinder.FAILURES)
                    .tags("plugin", PLUGIN, "function", "missing", "kind", "not_found").functionCounter();
            assertThat(notFound.count()).isEqualTo(2);
            assertThat(registry.find(PluginEngineMeterBinder.FAILURES).tags("function", "count").meters())
                    .as("no failure of count, so no meter for it").isEmpty();

            FunctionTimer ran = registry.get(PluginEngineMeterBinder.CALL_DURATION).tags("plugin", PLUGIN, "function", "count").functionTimer();
            assertThat(ran.count()).isEqualTo(5);
            assertThat(ran.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();

            assertThat(registry.get(PluginEngineMeterBinder.INSTANCES_LIVE).tag("plugin", PLUGIN).gauge().value()).isGreaterThanOrEqualTo(1);
            assertThat(registry.get(PluginEngineMeterBinder.INSTANTIATIONS).tag("plugin", PLUGIN).functionTimer().count())
                    .isGreaterThanOrEqualTo(1);
            assertThat(registry.get(PluginEngineMeterBinder.COMPILE_TIME).tag("plugin", PLUGIN).timeGauge().value()).isPositive();

            engine.unload(PLUGIN);
            registry.get(PluginEngineMeterBinder.INSTANCES_LIVE).tag("plugin", PLUGIN).gauge().value();
            assertThat(registry.find(PluginEngineMeterBinder.CALLS).meters()).as("an unloaded plugin's meters go").isEmpty();
        }
    }

    @Test
    void aSnapshotServesReadsForItsMaximumAge() {
        try (PluginEngine engine = engine()) {
            count(engine, 1);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new PluginEngineMeterBinder(engine, Duration.ofHours(1)).bindTo(registry);
            count(engine, 4);
            assertThat(calls(registry, "count")).as("the snapshot taken at bind time").isEqualTo(1);
        }
    }
}
