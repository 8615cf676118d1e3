package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.core.PluginEngines;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Builds an engine on one runtime with some of the test plugins loaded and started. */
final class EngineHarness implements AutoCloseable {

    final PluginEngine engine;
    final RecordingReporter reporter = new RecordingReporter();

    EngineHarness(String runtime, EngineLimits limits, String... guests) {
        this(runtime, limits, b -> { }, guests);
    }

    /** With {@code setup} adding host functions, an executor... to the builder. */
    EngineHarness(String runtime, EngineLimits limits, java.util.function.Consumer<PluginEngine.Builder> setup, String... guests) {
        Runtimes.requireAvailable(runtime);
        PluginEngine.Builder builder = PluginEngines.builder().runtime(runtime).limits(limits).reporter(reporter);
        setup.accept(builder);
        engine = builder.build();
        for (String guest : guests) {
            LoadResult result = engine.load(TestPlugins.archive(guest));
            assertThat(result.problems()).as("problems loading %s", guest).isEmpty();
            assertThat(result.loaded()).as("plugins loaded from %s", guest).hasSize(1);
        }
        engine.start();
    }

    EngineHarness(String runtime, String... guests) {
        this(runtime, EngineLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(2)), guests);
    }

    String call(String plugin, String function, String input) {
        return text(engine.call(plugin, function, bytes(input)));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        engine.close();
    }
}
