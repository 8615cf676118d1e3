package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.PluginCallException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;

import static io.spirefy.pluginengine.tests.CallHookAtTest.BRACKET;
import static io.spirefy.pluginengine.tests.CallHookAtTest.EXCLAIM;
import static io.spirefy.pluginengine.tests.CallHookAtTest.UPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CallAllHooks (an engine extension, docs/CONTRACT.md section 5) and pdk/c's pe_call_all_hooks:
 * every hook of an anchor in one engine call, every answer in one block (anchor-host's call_all
 * writes the same lines as call_each does through pe_call_hooks).
 */
class CallAllHooksTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void answersEveryHookInOrderAsCallHookWouldAndGoesOnPastFailuresTrapsAndTimeouts(String runtime) {
        EngineLimits limits = EngineLimits.DEFAULTS.withCallTimeout(Duration.ofMillis(700));
        try (EngineHarness h = new EngineHarness(runtime, limits, "anchor-host", "hook-exclaim", "hook-upper", "hook-bracket",
                "failing-hook", "hook-trap", "hook-loop")) {
            String all = h.call("test.anchor", "call_all", "bob");
            assertThat(all).startsWith("0 " + UPPER + "=BOB\n" + "1 " + BRACKET + "=[bob]\n" + "2 " + EXCLAIM + "=bob!\n"
                    + "3 test.fail@1.0.0/fail![error: hook failed on purpose]\n" + "4 test.trap@1.0.0/trap![error: ");
            // The trap's message may run over lines (libextism adds a wasm backtrace); the timeout's is last.
            assertThat(all).containsOnlyOnce("\n5 test.loop@1.0.0/loop![error: ").endsWith("700 ms]\n");
            // Every answer and every message is what a CallHook per hook gives (pe_call_hooks).
            assertThat(h.call("test.anchor", "call_each", "bob")).isEqualTo(all);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void noResolvedHookIsAnEmptyAnswerAndEmptyResponsesKeepTheirRecords(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host")) {
            assertThat(h.call("test.anchor", "call_all", "bob")).isEmpty();
        }
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-big")) {
            // "0" answers an empty response: a record with an empty body, not a failure.
            assertThat(h.call("test.anchor", "call_all", "0"))
                    .isEqualTo("0 test.big@1.0.0/big1=\n1 test.big@1.0.0/big2=\n2 test.big@1.0.0/big3=\n");
            assertThat(h.call("test.anchor", "call_all", "x1")).isEqualTo("0 test.big@1.0.0/big1=x1\n1 test.big@1.0.0/big2=x1\n2 test.big@1.0.0/big3=x1\n");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void answersTogetherLargerThanTheCallersMemoryFailThatCallOnly(String runtime) {
        // 64 pages (4 MiB) per instance: three answers of 1.5 MB fit each hook, not the anchor.
        EngineLimits limits = EngineLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(5)).withMaxMemoryPages(64);
        try (EngineHarness h = new EngineHarness(runtime, limits, "anchor-host", "hook-big")) {
            assertThatThrownBy(() -> h.call("test.anchor", "call_all", "1500000"))
                    .isInstanceOf(PluginCallException.class)
                    .hasMessageContaining("CallAllHooks: the answers of the hooks of anchor greeting.decorators exceed the 4194304 bytes"
                            + " the memory of plugin test.anchor@1.0.0 may hold (at hook test.big@1.0.0/big3)");
            // Under the bound but more than the anchor's memory still has room for: refused by its memory.
            assertThatThrownBy(() -> h.call("test.anchor", "call_all", "1390000")).isInstanceOf(PluginCallException.class).hasMessageContaining("test.anchor@1.0.0 call_all").hasMessageContaining("4170093 bytes in Extism memory");
            // The same instances answer the next call.
            assertThat(h.call("test.anchor", "call_all", "1000000")).startsWith("0 test.big@1.0.0/big1=").hasSize(16384);
            assertThat(h.call("test.anchor", "call_all", "ok")).isEqualTo("0 test.big@1.0.0/big1=ok\n1 test.big@1.0.0/big2=ok\n2 test.big@1.0.0/big3=ok\n");
        }
    }
}
