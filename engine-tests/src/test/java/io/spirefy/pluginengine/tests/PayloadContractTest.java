package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.FunctionMetrics;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Version;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract section 10 on both runtimes: a payload that fails its anchor's or event's schema never
 * reaches the plugin (test.counter counts what does), a response that fails is refused, and the
 * checks can be turned off.
 */
class PayloadContractTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";
    private static final String HOOK = "test.counter@1.0.0/count";
    private static final String VALID = "{\"name\":\"ada\",\"reply\":\"hi\"}";
    /** Passes callSchema, fails responseSchema: the counter answers its payload as is. */
    private static final String NO_REPLY = "{\"name\":\"ada\"}";
    private static final String NAME_NOT_STRING = "{\"name\":5,\"reply\":\"hi\"}";

    private static final String SCHEMAS = """
                callSchema:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                responseSchema:
                  type: object
                  required: [reply]
            """;

    /** One instance per plugin, so the counter's count is every call that reached it. */
    private static EngineHarness harness(String runtime, Consumer<PluginEngine.Builder> setup) {
        EngineHarness h = new EngineHarness(runtime, EngineLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(2))
                .withMaxInstancesPerPlugin(1), setup, "hook-counter");
        GuestArchive anchor = GuestArchive.of("anchor-host");
        load(h, "anchor-schemas.zip", anchor.toZip(anchor.manifest().replace("    version: 1.2.0\n", "    version: 1.2.0\n" + SCHEMAS)).build());
        GuestArchive sender = GuestArchive.of("event-sender");
        load(h, "sender-schema.zip", sender.toZip(sender.manifest().replace("    version: 1.0.0\n",
                "    version: 1.0.0\n    schema: {type: object, required: [name], properties: {name: {type: string}}}\n")).build());
        return h;
    }

    private static void load(EngineHarness h, String name, byte[] zip) {
        LoadResult result = h.engine.load(name, zip);
        assertThat(result.problems()).isEmpty();
        assertThat(result.loaded()).hasSize(1);
    }

    private static String calls(EngineHarness h) {
        return h.call("test.counter", "calls", "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void hostCallHookChecksPayloadAndResponse(String runtime) {
        try (EngineHarness h = harness(runtime, b -> { })) {
            assertThat(EngineHarness.text(h.engine.callHook(HOOK, EngineHarness.bytes(VALID)))).isEqualTo(VALID);
            assertThat(calls(h)).isEqualTo("1");

            assertThatThrownBy(() -> h.engine.callHook(HOOK, EngineHarness.bytes(NAME_NOT_STRING)))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.failure()).isEqualTo(CallFailure.INVALID_PAYLOAD))
                    .hasMessageContaining("callSchema of anchor greeting.decorators@1.2.0")
                    .hasMessageContaining("at /name").hasMessageContaining("schema path /properties/name/type");
            assertThatThrownBy(() -> h.engine.callHook(HOOK, EngineHarness.bytes("not json")))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.failure()).isEqualTo(CallFailure.INVALID_PAYLOAD));
            assertThat(calls(h)).as("refused payloads never reach the hook").isEqualTo("1");

            assertThatThrownBy(() -> h.engine.callHook(HOOK, EngineHarness.bytes(NO_REPLY)))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.failure()).isEqualTo(CallFailure.INVALID_RESPONSE))
                    .hasMessageContaining("responseSchema").hasMessageContaining("/required");
            assertThat(calls(h)).as("a bad response comes from a call that was made").isEqualTo("2");

            // The metrics count each refusal by its kind: 4 calls asked, 1 success.
            FunctionMetrics count = h.engine.metrics().plugin("test.counter@1.0.0").flatMap(p -> p.function("count")).orElseThrow();
            assertThat(count.calls()).isEqualTo(4);
            assertThat(count.failures()).isEqualTo(Map.of(CallFailure.INVALID_PAYLOAD, 2L, CallFailure.INVALID_RESPONSE, 1L));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aPluginsCallHookSeesZeroAndTheMessage(String runtime) {
        try (EngineHarness h = harness(runtime, b -> { })) {
            assertThat(h.call("test.anchor", "decorate", VALID)).isEqualTo(VALID);
            assertThat(h.call("test.anchor", "decorate", NAME_NOT_STRING))
                    .startsWith(NAME_NOT_STRING + "[error: ").contains("does not match the callSchema").contains("at /name");
            assertThat(calls(h)).isEqualTo("1");
            assertThat(h.call("test.anchor", "decorate", NO_REPLY))
                    .startsWith(NO_REPLY + "[error: ").contains("does not match the responseSchema");
            assertThat(calls(h)).isEqualTo("2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void eventsAreCheckedFromTheHostAndFromPlugins(String runtime) {
        try (EngineHarness h = harness(runtime, b -> { })) {
            DeliveryReport ok = h.engine.sendEvent("greeting.sent", EngineHarness.bytes(NO_REPLY));
            assertThat(ok.delivered()).isEqualTo(1);
            assertThat(calls(h)).isEqualTo("1");

            assertThatThrownBy(() -> h.engine.sendEvent("greeting.sent", EngineHarness.bytes("{\"name\":[]}")))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.failure()).isEqualTo(CallFailure.INVALID_PAYLOAD))
                    .hasMessageContaining("event greeting.sent@1.0.0").hasMessageContaining("at /name");
            assertThat(h.call("test.sender", "send", "{}")).as("SendEvent fails as a whole").isEqualTo("-1");
            assertThat(h.call("test.sender", "send", NO_REPLY)).isEqualTo("1");
            assertThat(calls(h)).isEqualTo("2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void checksOffDeliversEveryPayload(String runtime) {
        try (EngineHarness h = harness(runtime, b -> b.payloadChecks(false))) {
            assertThat(EngineHarness.text(h.engine.callHook(HOOK, EngineHarness.bytes(NAME_NOT_STRING)))).isEqualTo(NAME_NOT_STRING);
            assertThat(h.call("test.anchor", "decorate", "not json")).isEqualTo("not json");
            assertThat(h.engine.sendEvent("greeting.sent", EngineHarness.bytes("{}")).delivered()).isEqualTo(1);
            assertThat(h.call("test.sender", "send", "[]")).isEqualTo("1");
            assertThat(calls(h)).isEqualTo("4");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void anInvalidSchemaIsAManifestErrorWithItsKeyPath(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime)) {
            GuestArchive anchor = GuestArchive.of("anchor-host");
            LoadResult result = h.engine.load("bad-schema.zip", anchor.toZip(anchor.manifest()
                    .replace("    version: 1.2.0\n", "    version: 1.2.0\n    responseSchema: {type: [string, 7]}\n")).build());
            assertThat(result.loaded()).isEmpty();
            assertThat(result.problems()).singleElement().satisfies(p -> {
                assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
                assertThat(p.keyPath()).isEqualTo("anchors[0].responseSchema");
                assertThat(p.source()).contains("bad-schema.zip");
            });
            assertThatThrownBy(() -> h.engine.declareAnchor(new Anchor("host.anchor", null, null, Version.of(1, 0, 0),
                    Map.of("type", "nope"), null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callSchema");
            assertThat(h.engine.anchors()).noneMatch(a -> a.anchor().id().equals("host.anchor"));
        }
    }
}
