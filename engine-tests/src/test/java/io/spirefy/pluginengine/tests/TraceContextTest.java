package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.ListenerRegistration;
import io.spirefy.pluginengine.api.TraceContext;
import io.spirefy.pluginengine.api.plugin.Event;
import io.spirefy.pluginengine.api.plugin.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A traceparent the host passes with a call reaches every call beneath it (CallHook, SendEvent,
 * the host's Java listeners) and a plugin reads it through GetTraceContext (test.trace answers it).
 */
class TraceContextTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";
    private static final String TRACE_HOOK = "test.trace@1.0.0/trace";
    static final TraceContext TRACE = TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aHookSeesTheHostsTraceAtEveryDepthAndNoneWithoutOne(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-trace")) {
            assertThat(h.call("test.anchor", "decorate", "x")).isEqualTo("none");
            assertThat(EngineHarness.text(h.engine.callHook(TRACE_HOOK, new byte[0]))).isEqualTo("none");

            assertThat(EngineHarness.text(h.engine.callHook(TRACE_HOOK, new byte[0], TRACE))).isEqualTo(TRACE.traceparent());
            // decorate (depth 1) calls the hook through its CallHook (depth 2).
            assertThat(EngineHarness.text(h.engine.call("test.anchor", "decorate", EngineHarness.bytes("x"), TRACE)))
                    .isEqualTo(TRACE.traceparent());

            assertThat(h.call("test.anchor", "decorate", "x")).as("the trace ends with the call it came with").isEqualTo("none");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void eventsCarryTheTraceToJavaListenersAndTheCallsTheyMake(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "event-sender", "hook-trace")) {
            h.engine.declareEvent(Event.of("host.traced", Version.parse("1.0.0")));
            List<String> seen = new CopyOnWriteArrayList<>();
            try (ListenerRegistration a = h.engine.addListener("host-side", "host.traced", null, 0,
                    m -> seen.add("host " + EngineHarness.text(h.engine.callHook(TRACE_HOOK, new byte[0]))));
                 ListenerRegistration b = h.engine.addListener("plugin-side", "greeting.sent", null, 0,
                         m -> seen.add("plugin " + EngineHarness.text(h.engine.callHook(TRACE_HOOK, new byte[0]))))) {
                DeliveryReport report = h.engine.sendEvent("host.traced", new byte[0], TRACE);
                assertThat(report.delivered()).as(String.valueOf(report.failures())).isEqualTo(1);
                // test.sender's send calls SendEvent: its Java listener runs nested, on a fresh stack.
                assertThat(EngineHarness.text(h.engine.call("test.sender", "send", EngineHarness.bytes("hi"), TRACE))).isEqualTo("1");
                assertThat(h.call("test.sender", "send", "hi")).isEqualTo("1");
            }
            assertThat(seen).containsExactly("host " + TRACE.traceparent(), "plugin " + TRACE.traceparent(), "plugin none");
        }
    }

    @Test
    void theFieldsOfAValidTraceparent() {
        assertThat(TRACE.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TRACE.parentId()).isEqualTo("00f067aa0ba902b7");
        assertThat(TRACE.sampled()).isTrue();
        assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").sampled()).isFalse();
        // A later version may add fields after the flags.
        assertThat(TraceContext.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-more").traceId())
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x"})
    void aMalformedTraceparentIsRefusedNamingTheFormat(String value) {
        assertThatThrownBy(() -> TraceContext.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version-traceid-parentid-flags").hasMessageContaining("'" + value + "'");
    }

    @Test
    void noTraceIsRefused() {
        assertThatThrownBy(() -> TraceContext.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version-traceid-parentid-flags");
    }
}
