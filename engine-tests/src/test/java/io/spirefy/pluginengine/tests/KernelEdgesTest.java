package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.PluginCallException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Extism kernel used outside its ABI (offsets where no block starts, past the memory, past the
 * input, a block freed twice): both runtimes run the same kernel, and a plugin must meet the same
 * outcome on either (the way OutputRangeTest's outputs did not). The kernel ignores stores and
 * frees it cannot place and reads 0 where nothing is; an error message at an offset that is no
 * block is no message. Whatever a runtime adds around the kernel must keep to that.
 */
class KernelEdgesTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";
    private static final String PLUGIN = "test.kernel.edges";
    private static final String NO_MESSAGE = "PLUGIN_ERROR without an error message";

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void misusesOfTheKernelEndAlikeOnBothRuntimes(String runtime) {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("error_nowhere", NO_MESSAGE);
        expected.put("error_mid_block", NO_MESSAGE);
        expected.put("load_past_memory", "0");
        expected.put("store_past_memory", "stored");
        expected.put("input_load_past", "0");
        expected.put("free_nowhere", "freed");
        expected.put("free_twice", "freed");
        expected.put("length_nowhere", "0");
        Map<String, String> seen = new LinkedHashMap<>();
        try (EngineHarness h = new EngineHarness(runtime, "kernel-edges")) {
            for (String function : expected.keySet()) seen.put(function, outcome(h, function));
        }
        assertThat(seen).containsExactlyEntriesOf(expected);
    }

    private static String outcome(EngineHarness h, String function) {
        try {
            return h.call(PLUGIN, function, "hello");
        } catch (PluginCallException e) {
            // The runtimes word a missing message apart (extism names the return code, chicory-sdk drops it).
            if (e.failure() == CallFailure.PLUGIN_ERROR && e.getMessage().endsWith(" without an error message")) return NO_MESSAGE;
            return e.failure() + ": " + e.getMessage();
        }
    }
}
