package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.PluginCallException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static io.spirefy.pluginengine.tests.CallHookAtTest.BRACKET;
import static io.spirefy.pluginengine.tests.CallHookAtTest.EXCLAIM;
import static io.spirefy.pluginengine.tests.CallHookAtTest.UPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CallAllHooks (an engine extension, docs/CONTRACT.md section 5) and the PDKs' helpers, pdk/c's
 * pe_call_all_hooks, pdk/go's CallAllHooks and pdk/assemblyscript's callAllHooks: every hook of an
 * anchor in one engine call, every answer in one block (each guest's call_all writes the same
 * lines as its call_each does through the PDK's CallHookAt helper).
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
            // The input's own block as the payload (pe_call_all_hooks_with_input): the same answers.
            assertThat(h.call("test.anchor", "call_all_input", "bob")).isEqualTo(all);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void theInputsOwnBlockIsAPayloadLikeAnyOtherEmptyAndLongIncluded(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-exclaim", "hook-upper", "hook-bracket")) {
            String text = "abcdefgh".repeat(125) + "xyz"; // 1003 bytes: the last word of the input is short
            String expected = "0 " + UPPER + "=" + text.toUpperCase() + "\n1 " + BRACKET + "=[" + text + "]\n2 " + EXCLAIM + "=" + text + "!\n";
            assertThat(h.call("test.anchor", "call_all_input", text)).isEqualTo(expected);
            assertThat(h.call("test.anchor", "call_all", text)).isEqualTo(expected);
            // An empty input: the hooks get an empty payload, as from a copy.
            assertThat(h.call("test.anchor", "call_all_input", "")).isEqualTo(h.call("test.anchor", "call_all", ""))
                    .isEqualTo("0 " + UPPER + "=\n1 " + BRACKET + "=[]\n2 " + EXCLAIM + "=!\n");
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

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void goAndAssemblyScriptPdksAnswerEveryHookAsTheirCallHooksDoAndPassARefusalOn(String runtime) {
        try (EngineHarness h = CallHookAtTest.pdkGuests(runtime)) {
            String expected = "0 " + UPPER + "=BOB\n" + "1 " + BRACKET + "=[bob]\n" + "2 " + EXCLAIM + "=bob!\n"
                    + "3 test.fail@1.0.0/fail!CallHook test.fail@1.0.0/fail: hook failed on purpose\n";
            for (String guest : new String[] {"test.hooks.go", "test.hooks.as"}) {
                assertThat(h.call(guest, "call_all", "bob")).as(guest).isEqualTo(expected);
                assertThat(h.call(guest, "call_all_input", "bob")).as(guest).isEqualTo(expected);
                assertThat(h.call(guest, "call_each", "bob")).as(guest).isEqualTo(expected);
                assertThat(h.call(guest, "call_first", "bob")).as(guest).isEqualTo("0 " + UPPER + "=BOB\n");
            }
            for (String hook : new String[] {"test.exclaim@1.0.0", "test.upper@1.0.0", "test.bracket@1.0.0", "test.fail@1.0.0"}) {
                h.engine.unload(hook);
            }
            for (String guest : new String[] {"test.hooks.go", "test.hooks.as"}) {
                assertThat(h.call(guest, "call_all", "bob")).as("%s without hooks", guest).isEmpty();
                assertThat(h.call(guest, "call_all_input", "bob")).as("%s without hooks", guest).isEmpty();
            }
            h.engine.unload("test.anchor@1.0.0");
            for (String guest : new String[] {"test.hooks.go", "test.hooks.as"}) {
                for (String export : new String[] {"call_all", "call_all_input"}) {
                    assertThatThrownBy(() -> h.call(guest, export, "bob")).as("%s %s without the anchor", guest, export)
                            .isInstanceOf(PluginCallException.class)
                            .hasMessageContaining("CallAllHooks greeting.decorators: anchor greeting.decorators is not declared by any active plugin");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void assemblyScriptPdkReadsNoRecordPastTheAnswersBlock(String runtime) {
        // pdk/go's DecodeHookAnswers has the same cases as unit tests (pdk/go/pluginengine_test.go).
        try (EngineHarness h = new EngineHarness(runtime, EngineLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(30)))) {
            assertThat(h.engine.load(TestPlugins.asGuest("hooks-as")).problems()).isEmpty();
            h.engine.start();
            byte[] good = record(0, "a@1.0.0/x", "ok");
            assertThat(decode(h, concat(good, record(1, "b@1.0.0/y", "no"), record(0, "c@1.0.0/z", ""))))
                    .isEqualTo("0 a@1.0.0/x=ok\n1 b@1.0.0/y!CallHook b@1.0.0/y: no\n2 c@1.0.0/z=\n");
            String malformed = "!CallAllHooks greeting.decorators: the engine's answer is malformed: ";
            assertThat(decode(h, concat(good, new byte[3]))).isEqualTo(malformed + "record 1 at byte 23 needs a record head of 12 bytes, 3 are left");
            assertThat(decode(h, Arrays.copyOf(good, good.length - 1))).isEqualTo(malformed + "record 0 at byte 0 needs a record of 23 bytes, 22 are left");
            byte[] huge = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(-1).putInt(-1).array();
            assertThat(decode(h, concat(good, huge))).isEqualTo(malformed + "record 1 at byte 23 needs a record of 8589934602 bytes, 12 are left");
            assertThat(decode(h, concat(good, record(2, "b@1.0.0/y", "")))).isEqualTo(malformed + "record 1 (hook b@1.0.0/y) has status 2, expected 0 or 1");
        }
    }

    private static String decode(EngineHarness h, byte[] block) {
        return EngineHarness.text(h.engine.call("test.hooks.as", "decode_answers", block));
    }

    /** One record of CallAllHooks' answer, as HookAnswers writes it. */
    private static byte[] record(int status, String ref, String body) {
        byte[] r = ref.getBytes(StandardCharsets.UTF_8);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(12 + r.length + b.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(status).putInt(r.length).putInt(b.length).put(r).put(b).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) all.put(p);
        return all.array();
    }
}
