package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.plugin.Event;
import io.spirefy.pluginengine.api.plugin.Version;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CallHookAt (an engine extension, docs/CONTRACT.md section 5) and pdk/c's pe_call_hooks, which
 * uses it: a hook called by its place in a GetHookRefs answer the calling call was handed, and
 * nothing else a guest can name (anchor-host's exports call_each, call_first, at, list_offset).
 */
class CallHookAtTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";
    static final String UPPER = "test.upper@1.0.0/upper";
    static final String BRACKET = "test.bracket@1.0.0/bracket";
    static final String EXCLAIM = "test.exclaim@1.0.0/exclaim";

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void peCallHooksCallsEveryHookInOrderWithOnePayloadAndGoesOnPastAFailure(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-exclaim", "hook-upper", "hook-bracket", "failing-hook",
                "hooks-nested")) {
            assertThat(h.call("test.anchor", "call_each", "bob")).isEqualTo("0 " + UPPER + "=BOB\n" + "1 " + BRACKET + "=[bob]\n"
                    + "2 " + EXCLAIM + "=bob!\n" + "3 test.fail@1.0.0/fail![error: hook failed on purpose]\n");
            assertThat(h.call("test.anchor", "call_first", "bob")).isEqualTo("0 " + UPPER + "=BOB\n");
            // A callback that calls the hooks again, with another payload: the outer loop's payload
            // and list are still its own after it (the failing hook answers nothing: "()" and "3:").
            assertThat(h.call("test.hooks.nested", "call_nested", "bob")).isEqualTo("0:BOB(X)([x])(x!)()1:[bob]2:bob!3:");
            // The same instance again: its lists of the last call are gone, this call's work.
            assertThat(h.call("test.anchor", "call_each", "al")).startsWith("0 " + UPPER + "=AL\n1 " + BRACKET + "=[al]\n");
        }
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host")) {
            assertThat(h.call("test.anchor", "call_each", "bob")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void callHookAtCallsByPlaceAndRefusesPlacesOutsideTheList(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-exclaim", "hook-upper", "hook-bracket")) {
            assertThat(h.call("test.anchor", "at", "list 1")).isEqualTo("[]");
            assertThat(h.call("test.anchor", "at", "list 2")).isEqualTo("!");
            assertThat(h.call("test.anchor", "at", "list 3")).matches("\\[error: CallHookAt: index 3 is outside the list of 3 hooks at offset \\d+]");
            assertThat(h.call("test.anchor", "at", "list 18446744073709551615")).startsWith("[error: CallHookAt: index -4294967297 is outside");
            assertThat(h.call("test.anchor", "at", "list 8589934592")).startsWith("[error: CallHookAt: index 8589934592 is outside");
            assertThat(h.call("test.anchor", "at", "list 4294967298")).isEqualTo("!"); // place 2, PE_PAYLOAD_UNCHANGED, nothing sent before
            // PE_PAYLOAD_UNCHANGED sends the bytes read for the previous call; without it the block is read again.
            assertThat(h.call("test.anchor", "at", "again 2")).isEqualTo("bob!|bob!|Xob!");
            // Freeing the answer's block does not take the list away before the call ends.
            assertThat(h.call("test.anchor", "at", "freed 2")).isEqualTo("!");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void callHookAtRefusesOffsetsThatNameNoListOfThisCall(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-exclaim", "hook-upper", "hook-bracket")) {
            for (String where : new String[]{"list+1", "list+8", "list+4096"}) {
                assertThat(h.call("test.anchor", "at", where + " 0")).as(where)
                        .matches("\\[error: CallHookAt: offset \\d+ is not a GetHookRefs answer this call of plugin test.anchor@1.0.0 was handed.*");
            }
            // An earlier call's list (the same instance, the same offset): gone with that call.
            long earlier = listOffset(h);
            assertThat(h.call("test.anchor", "at", earlier + " 0"))
                    .startsWith("[error: CallHookAt: offset " + earlier + " is not a GetHookRefs answer this call");
            assertThat(h.call("test.anchor", "at", "0 0")).startsWith("[error: CallHookAt: offset 0 is not");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aHookUnloadedAfterTheListingFailsAsCallHookWithItsRefWouldAndTheOthersKeepTheirPlaces(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-exclaim", "hook-upper", "hook-bracket")) {
            h.engine.declareEvent(Event.of("test.between", Version.parse("1.0.0")));
            h.engine.addListener("unload-upper", "test.between", null, 0, m -> {
                if (h.engine.plugins().stream().anyMatch(p -> p.ref().equals("test.upper@1.0.0"))) h.engine.unload("test.upper@1.0.0");
            });
            assertThat(h.call("test.anchor", "at", "between 0")).startsWith("[error: ").contains(UPPER);
            assertThat(h.call("test.anchor", "list_hook_refs", "")).isEqualTo(BRACKET + "\n" + EXCLAIM + "\n");
            // Place 2 of the list handed before the unload is still exclaim, not past the end of the new one.
            h.engine.load(TestPlugins.archive("hook-upper"));
            h.engine.start();
            assertThat(h.call("test.anchor", "at", "between 2")).isEqualTo("!");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void goPdkCallHooksCallsEveryHookInOrderAndStopsWhenTold(String runtime) {
        try (EngineHarness h = pdkGuests(runtime)) {
            assertThat(h.call("test.hooks.go", "call_each", "bob")).isEqualTo("0 " + UPPER + "=BOB\n" + "1 " + BRACKET + "=[bob]\n"
                    + "2 " + EXCLAIM + "=bob!\n" + "3 test.fail@1.0.0/fail!CallHook test.fail@1.0.0/fail: hook failed on purpose\n");
            assertThat(h.call("test.hooks.go", "call_first", "bob")).isEqualTo("0 " + UPPER + "=BOB\n");
        }
    }

    /**
     * anchor-host, four of its hooks (the last one failing) and the PDKs' anchors on them:
     * guests-go/hooks-go (test.hooks.go) and guests-as/hooks-as (test.hooks.as).
     */
    static EngineHarness pdkGuests(String runtime) {
        // A Go module's first call compiles it: seconds on chicory, more under load.
        EngineHarness h = new EngineHarness(runtime, EngineLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(30)),
                "anchor-host", "hook-exclaim", "hook-upper", "hook-bracket", "failing-hook");
        try {
            assertThat(h.engine.load(TestPlugins.goGuest("hooks-go")).problems()).isEmpty();
            assertThat(h.engine.load(TestPlugins.asGuest("hooks-as")).problems()).isEmpty();
            h.engine.start();
            return h;
        } catch (Throwable t) {
            h.close(); // the caller's try-with-resources never got it
            throw t;
        }
    }

    private static long listOffset(EngineHarness h) {
        return Long.parseLong(h.call("test.anchor", "list_offset", ""));
    }
}
