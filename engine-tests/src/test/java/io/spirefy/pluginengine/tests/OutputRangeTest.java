package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.PluginCallException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A plugin's output must lie within the Extism block it starts at (the Extism ABI), on both
 * runtimes alike: a plugin that passes on one must not fail on the other. Past its block the
 * output would hand the host bytes of the plugin's other blocks (on libextism, a range leaving the
 * memory used to come back as an empty success).
 */
class OutputRangeTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";
    private static final String PLUGIN = "test.hostile.memory";

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void anOutputOutsideItsBlockFailsTheCallAsATrapAndTheNextCallIsServed(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "hostile-memory")) {
            assertRefused(h, "output_past_block", "output_set of 32 bytes is larger than its block of 16 bytes");
            assertRefused(h, "output_mid_block", "output_set of 8 bytes at offset ", "which is no Extism block");
            assertRefused(h, "output_nowhere", "output_set of 8 bytes at offset 0, which is no Extism block");
            assertThat(h.call(PLUGIN, "output_exact", "")).isEqualTo("ABCDEFGHIJKLMNOP");
        }
    }

    private static void assertRefused(EngineHarness h, String function, String... message) {
        assertThatThrownBy(() -> h.call(PLUGIN, function, ""))
                .as(function)
                .isInstanceOfSatisfying(PluginCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(CallFailure.TRAP);
                    assertThat(e.getMessage()).contains(PLUGIN).contains(function).contains(message);
                });
    }
}
