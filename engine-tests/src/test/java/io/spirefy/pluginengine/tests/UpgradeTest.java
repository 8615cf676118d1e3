package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.ListenerInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.spirefy.pluginengine.tests.EngineHarness.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** Loading a second version of a plugin upgrades its hooks and listeners, never doubles them (contract section 4). */
class UpgradeTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void loadingANewerVersionRunsItsHookOnceInsteadOfBoth(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-upper", "hook-exclaim")) {
            assertThat(h.call("test.anchor", "decorate", "world")).isEqualTo("WORLD!");

            assertThat(h.engine.load("exclaim-1.0.1.zip", GuestVersions.zip("hook-exclaim", "1.0.1")).loaded())
                    .containsExactly("test.exclaim@1.0.1");

            assertThat(h.call("test.anchor", "decorate", "world")).isEqualTo("WORLD!");
            HookInfo old = hook(h, "test.exclaim@1.0.0/exclaim");
            assertThat(old.resolved()).isFalse();
            assertThat(old.resolution().reason()).endsWith("superseded by test.exclaim@1.0.1/exclaim");
            assertThat(hook(h, "test.exclaim@1.0.1/exclaim").resolved()).isTrue();
            assertThat(h.engine.hooks("greeting.decorators")).extracting(HookInfo::ref)
                    .containsExactly("test.upper@1.0.0/upper", "test.exclaim@1.0.1/exclaim");

            // Taking the newer one away hands the hook back to the older: nothing is lost on a downgrade.
            h.engine.unload("test.exclaim@1.0.1");
            assertThat(hook(h, "test.exclaim@1.0.0/exclaim").resolved()).isTrue();
            assertThat(h.call("test.anchor", "decorate", "world")).isEqualTo("WORLD!");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void loadingANewerVersionDeliversAnEventToItsListenerOnly(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "event-sender", "listener-ok")) {
            h.engine.load("listener-1.1.0.zip", GuestVersions.zip("listener-ok", "1.1.0"));

            DeliveryReport report = h.engine.sendEvent("greeting.sent", bytes("hi"));
            assertThat(report.delivered()).isEqualTo(1);
            assertThat(report.failures()).isEmpty();
            ListenerInfo old = h.engine.listeners().stream().filter(l -> l.ref().equals("test.listen.ok@1.0.0/on-sent"))
                    .findFirst().orElseThrow();
            assertThat(old.resolution().reason()).endsWith("superseded by test.listen.ok@1.1.0/on-sent");
        }
    }

    private static HookInfo hook(EngineHarness h, String ref) {
        return h.engine.hooks().stream().filter(x -> x.ref().equals(ref)).findFirst().orElseThrow();
    }
}
