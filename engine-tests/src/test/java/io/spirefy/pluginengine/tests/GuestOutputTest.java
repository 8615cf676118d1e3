package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.GuestLine;
import io.spirefy.pluginengine.api.GuestLine.Source;
import io.spirefy.pluginengine.api.PluginCallException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Guest output is not lost (contract section 5): what a Go plugin logs through Extism's
 * {@code log_*} and writes to WASI stdout and stderr reaches the host's reporter under the
 * plugin's ref, bounded per call; a panic's message is in the call's error. On every runtime.
 *
 * <p>The Go module takes seconds to compile on the pure-JVM runtime: one engine per runtime, with a
 * call timeout that a busy machine running parts of it interpreted still meets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuestOutputTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";
    private static final String REF = "test.go.output@1.0.0";

    private final Map<String, EngineHarness> engines = new HashMap<>();

    private EngineHarness engine(String runtime) {
        return engines.computeIfAbsent(runtime, r -> new EngineHarness(r, EngineLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(20)), "go-output"));
    }

    @AfterAll
    void close() {
        engines.values().forEach(EngineHarness::close);
    }

    /** The lines of the calls made by {@code body}. */
    private static List<GuestLine> linesOf(EngineHarness h, Runnable body) {
        int before = h.reporter.guestLines.size();
        body.run();
        return List.copyOf(h.reporter.guestLines.subList(before, h.reporter.guestLines.size()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void logLinesAtEveryLevelAndStdoutAndStderrReachTheHostUnderThePluginsRef(String runtime) {
        EngineHarness h = engine(runtime);
        List<GuestLine> lines = linesOf(h, () -> assertThat(h.call("test.go.output", "talk", "t1")).isEqualTo("talked"));

        assertThat(lines).extracting(GuestLine::pluginRef).containsOnly(REF);
        assertThat(lines).extracting(GuestLine::source, GuestLine::level, GuestLine::text).containsExactlyInAnyOrder(
                tuple(Source.LOG, Level.TRACE, "trace t1"),
                tuple(Source.LOG, Level.DEBUG, "debug t1"),
                tuple(Source.LOG, Level.INFO, "info t1"),
                tuple(Source.LOG, Level.WARNING, "warn t1"),
                tuple(Source.LOG, Level.ERROR, "error t1"),
                tuple(Source.STDOUT, Level.INFO, "stdout t1"),
                tuple(Source.STDERR, Level.WARNING, "stderr t1"),
                // written without a line break: flushed when the call ends, still this call's
                tuple(Source.STDOUT, Level.INFO, "unterminated t1"));
        // In the order written, stream by stream.
        assertThat(lines).filteredOn(l -> l.source() == Source.LOG).extracting(GuestLine::text)
                .containsExactly("trace t1", "debug t1", "info t1", "warn t1", "error t1");
        assertThat(lines).filteredOn(l -> l.source() == Source.STDOUT).extracting(GuestLine::text)
                .containsExactly("stdout t1", "unterminated t1");
        assertThat(lines.get(0).toString()).isEqualTo(REF + " log: trace t1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aGoPanicsMessageIsInTheCallsErrorAndItsStderrReachesTheHost(String runtime) {
        EngineHarness h = engine(runtime);
        List<GuestLine> lines = linesOf(h, () -> assertThatThrownBy(() -> h.call("test.go.output", "panics", "boom"))
                .isInstanceOfSatisfying(PluginCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(CallFailure.TRAP);
                    assertThat(e.getMessage()).startsWith(REF + " panics: trapped: ").contains("\npanic: boom");
                    assertThat(e.getMessage().lines().findFirst().orElseThrow()).doesNotContain("panic: boom");
                }));
        assertThat(lines).extracting(GuestLine::source, GuestLine::text)
                .contains(tuple(Source.STDERR, "about to panic"), tuple(Source.STDERR, "panic: boom"));

        // The engine goes on: the next call gets a fresh instance, and its own output.
        assertThat(linesOf(h, () -> h.call("test.go.output", "talk", "after")))
                .extracting(GuestLine::text).contains("stdout after").doesNotContain("about to panic");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void outputPastThePerCallBoundIsCutWithOneLineSayingHowMuch(String runtime) {
        EngineHarness h = engine(runtime);
        int written = 1000 * 100; // 1000 lines of 99 characters and a line break
        List<GuestLine> lines = linesOf(h, () -> assertThat(h.call("test.go.output", "flood", "1000")).isEqualTo("flooded"));

        List<GuestLine> kept = lines.stream().filter(l -> l.source() == Source.STDOUT).toList();
        assertThat(kept).isNotEmpty().hasSizeLessThan(1000);
        assertThat(kept.get(0).text()).startsWith("000000 ");
        long keptBytes = kept.stream().mapToLong(l -> l.text().getBytes(StandardCharsets.UTF_8).length + 1).sum();
        assertThat(keptBytes).isLessThanOrEqualTo(64 * 1024);
        GuestLine last = lines.get(lines.size() - 1);
        assertThat(last.source()).isEqualTo(Source.ENGINE);
        assertThat(last.level()).isEqualTo(Level.WARNING);
        assertThat(last.text()).startsWith("..." + (written - keptBytes) + " more bytes dropped");
        assertThat(lines).filteredOn(l -> l.source() == Source.ENGINE).hasSize(1);

        // The bound is per call: the next call's lines are all there.
        assertThat(linesOf(h, () -> h.call("test.go.output", "talk", "next"))).hasSize(8);
    }

    /** Without a reporter of its own, a host finds the lines in its logging, under the plugin's logger. */
    @org.junit.jupiter.api.Test
    void theDefaultReporterLogsALineUnderThePluginsLoggerName() {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("pluginengine.plugin.org.example.greeter");
        List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(handler);
        try {
            io.spirefy.pluginengine.api.EngineReporter reporter = new io.spirefy.pluginengine.api.EngineReporter() {
                @Override
                public void problem(io.spirefy.pluginengine.api.Problem problem) {
                }

                @Override
                public void listenerFailed(String eventId, io.spirefy.pluginengine.api.DeliveryReport.ListenerFailure failure) {
                }
            };
            reporter.guestOutput(new GuestLine("org.example.greeter@1.0.0", Source.STDERR, Level.WARNING, "panic: boom"));
        } finally {
            jul.removeHandler(handler);
        }
        assertThat(records).extracting(java.util.logging.LogRecord::getMessage)
                .containsExactly("org.example.greeter@1.0.0 stderr: panic: boom");
        assertThat(records.get(0).getLevel()).isEqualTo(java.util.logging.Level.WARNING);
    }
}
