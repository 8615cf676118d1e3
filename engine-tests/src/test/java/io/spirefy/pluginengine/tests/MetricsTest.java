package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.FunctionMetrics;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginMetrics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code engine.metrics()} counts exactly the calls made, by outcome, on both runtimes. */
class MetricsTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";

    private static FunctionMetrics function(EngineHarness h, String plugin, String function) {
        return h.engine.metrics().plugin(plugin).flatMap(p -> p.function(function)).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void countsMatchTheCallsMadeByOutcome(String runtime) {
        EngineLimits limits = EngineLimits.DEFAULTS.withCallTimeout(Duration.ofMillis(500)).withMaxCallDepth(16);
        try (EngineHarness h = new EngineHarness(runtime, limits, "anchor-host", "hook-upper", "failing-hook", "hook-loop", "hook-trap")) {
            for (int i = 0; i < 3; i++) h.engine.callHook("test.upper@1.0.0/upper", EngineHarness.bytes("x"));
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> h.engine.callHook("test.fail@1.0.0/fail", new byte[0])).isInstanceOf(PluginCallException.class);
            }
            assertThatThrownBy(() -> h.engine.callHook("test.trap@1.0.0/trap", new byte[0])).isInstanceOf(PluginCallException.class);
            assertThatThrownBy(() -> h.engine.callHook("test.loop@1.0.0/loop", new byte[0])).isInstanceOf(PluginCallException.class);
            assertThatThrownBy(() -> h.engine.call("test.upper", "no_such_export", new byte[0])).isInstanceOf(PluginCallException.class);
            // One decorate calls each of the four hooks once more, from inside a plugin.
            h.engine.call("test.anchor", "decorate", EngineHarness.bytes("bob"));

            FunctionMetrics upper = function(h, "test.upper@1.0.0", "upper");
            assertThat(upper.calls()).isEqualTo(4);
            assertThat(upper.succeeded()).isEqualTo(4);
            assertThat(upper.failures()).isEmpty();
            assertThat(upper.latency().count()).isEqualTo(4);
            assertThat(upper.latency().quantile(1.0)).isPositive();

            assertThat(function(h, "test.fail@1.0.0", "fail").failures()).isEqualTo(Map.of(CallFailure.PLUGIN_ERROR, 3L));
            assertThat(function(h, "test.trap@1.0.0", "trap").failures()).isEqualTo(Map.of(CallFailure.TRAP, 2L));
            FunctionMetrics loop = function(h, "test.loop@1.0.0", "loop");
            assertThat(loop.failures()).isEqualTo(Map.of(CallFailure.TIMEOUT, 2L));
            assertThat(loop.latency().mean()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(function(h, "test.upper@1.0.0", "no_such_export").failures()).isEqualTo(Map.of(CallFailure.NOT_FOUND, 1L));
            // Calls that ran and failed, and one refused before it ran, are each counted once.
            assertThat(function(h, "test.fail@1.0.0", "fail").calls()).isEqualTo(3);
            assertThat(function(h, "test.fail@1.0.0", "fail").latency().count()).isEqualTo(3);
            assertThat(function(h, "test.trap@1.0.0", "trap").calls()).isEqualTo(2);
            assertThat(loop.calls()).isEqualTo(2);
            assertThat(function(h, "test.upper@1.0.0", "no_such_export").calls()).isEqualTo(1);
            assertThat(function(h, "test.upper@1.0.0", "no_such_export").latency().count()).isZero();
            FunctionMetrics decorate = function(h, "test.anchor@1.0.0", "decorate");
            assertThat(decorate.calls()).isEqualTo(1);
            assertThat(decorate.succeeded()).isEqualTo(1);

            PluginMetrics upperPlugin = h.engine.metrics().plugin("test.upper@1.0.0").orElseThrow();
            assertThat(upperPlugin.compileTime()).isPositive();
            assertThat(upperPlugin.instantiations()).isGreaterThanOrEqualTo(1);
            assertThat(upperPlugin.instantiateTime()).isPositive();
            assertThat(upperPlugin.instancesLive()).isGreaterThanOrEqualTo(1);
            assertThat(upperPlugin.instancesIdle()).isEqualTo(upperPlugin.instancesLive());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aSnapshotDoesNotChangeAndMetricsOffCountsNothing(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, EngineLimits.DEFAULTS, b -> b.metrics(false), "anchor-host", "hook-upper")) {
            h.engine.callHook("test.upper@1.0.0/upper", EngineHarness.bytes("x"));
            assertThat(h.engine.metrics().plugin("test.upper@1.0.0").orElseThrow().functions()).isEmpty();
        }
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-upper")) {
            h.engine.callHook("test.upper@1.0.0/upper", EngineHarness.bytes("x"));
            var before = h.engine.metrics();
            h.engine.callHook("test.upper@1.0.0/upper", EngineHarness.bytes("x"));
            assertThat(before.plugin("test.upper@1.0.0").flatMap(p -> p.function("upper")).orElseThrow().calls()).isEqualTo(1);
            assertThat(function(h, "test.upper@1.0.0", "upper").calls()).isEqualTo(2);
        }
    }
}
