package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.PluginCallException;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A flight recording of plugin calls holds one event per call, compile and instantiation, with the right fields. */
class FlightRecorderTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";
    private static final String CALL = "io.spirefy.pluginengine.PluginCall";
    private static final String COMPILE = "io.spirefy.pluginengine.PluginCompile";
    private static final String INSTANTIATE = "io.spirefy.pluginengine.PluginInstantiate";

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void callsCompilesAndInstantiationsAreRecorded(String runtime, @TempDir Path dir) throws Exception {
        // Twice in one JVM: the second recording is the one a JDK 17 bug spoiled (see startClean).
        assertRecordedCallsCompilesAndInstantiations(runtime, dir.resolve("first.jfr"));
        assertRecordedCallsCompilesAndInstantiations(runtime, dir.resolve("second.jfr"));
    }

    private static void assertRecordedCallsCompilesAndInstantiations(String runtime, Path file) throws Exception {
        try (Recording recording = new Recording()) {
            recording.enable(CALL).withThreshold(java.time.Duration.ZERO);
            recording.enable(COMPILE).withThreshold(java.time.Duration.ZERO);
            recording.enable(INSTANTIATE).withThreshold(java.time.Duration.ZERO);
            startClean(recording);
            try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-upper", "failing-hook")) {
                h.engine.call("test.anchor", "decorate", EngineHarness.bytes("bob"));
                assertThatThrownBy(() -> h.engine.callHook("test.fail@1.0.0/fail", new byte[0])).isInstanceOf(PluginCallException.class);
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> calls = events.stream().filter(e -> e.getEventType().getName().equals(CALL)).toList();
        // decorate from the host; upper and fail from inside it; fail again from the host.
        assertThat(calls).extracting(e -> e.getString("plugin") + " " + e.getString("function") + " " + e.getString("caller") + " "
                        + e.getInt("depth") + " " + e.getString("outcome"))
                .containsExactlyInAnyOrder(
                        "test.anchor@1.0.0 decorate host 1 OK",
                        "test.upper@1.0.0 upper plugin 2 OK",
                        "test.fail@1.0.0 fail plugin 2 PLUGIN_ERROR",
                        "test.fail@1.0.0 fail host 1 PLUGIN_ERROR");
        assertThat(calls).allSatisfy(e -> assertThat(e.getDuration()).isPositive());
        RecordedEvent decorate = calls.stream().filter(e -> e.getString("function").equals("decorate")).findFirst().orElseThrow();
        RecordedEvent upper = calls.stream().filter(e -> e.getString("function").equals("upper")).findFirst().orElseThrow();
        assertThat(decorate.getDuration()).as("a call's time includes the calls it made").isGreaterThan(upper.getDuration());

        assertThat(events.stream().filter(e -> e.getEventType().getName().equals(COMPILE)).map(e -> e.getString("plugin")))
                .contains("test.anchor@1.0.0", "test.upper@1.0.0", "test.fail@1.0.0");
        assertThat(events.stream().filter(e -> e.getEventType().getName().equals(COMPILE)))
                .allSatisfy(e -> {
                    assertThat(e.getString("runtime")).isEqualTo(runtime);
                    assertThat(e.getBoolean("succeeded")).isTrue();
                    assertThat(e.getLong("moduleBytes")).isPositive();
                });
        assertThat(events.stream().filter(e -> e.getEventType().getName().equals(INSTANTIATE)).map(e -> e.getString("plugin")))
                .contains("test.anchor@1.0.0", "test.upper@1.0.0", "test.fail@1.0.0");
        assertThat(calls).as("no trace was passed").allSatisfy(e -> assertThat(e.getString("traceId")).isNull());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void eachCallOfATracedTreeNamesTheTraceId(String runtime, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("traced.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(CALL).withThreshold(java.time.Duration.ZERO);
            startClean(recording);
            try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-upper", "event-sender", "listener-ok")) {
                h.engine.call("test.anchor", "decorate", EngineHarness.bytes("bob"), TraceContextTest.TRACE);
                h.engine.call("test.sender", "send", EngineHarness.bytes("hi"), TraceContextTest.TRACE);
                h.engine.call("test.sender", "send", EngineHarness.bytes("untraced"));
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> calls = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(CALL)).toList();
        assertThat(calls).extracting(e -> e.getString("function") + " " + e.getInt("depth") + " " + e.getString("traceId"))
                .containsExactlyInAnyOrder(
                        "decorate 1 4bf92f3577b34da6a3ce929d0e0e4736",
                        "upper 2 4bf92f3577b34da6a3ce929d0e0e4736",
                        "send 1 4bf92f3577b34da6a3ce929d0e0e4736",
                        "on_sent 2 4bf92f3577b34da6a3ce929d0e0e4736",
                        "send 1 null",
                        "on_sent 2 null");
    }
    /**
     * Starts the recording with JFR's string pool emptied for it. JDK 17's pool (17.0.15 seen) keeps
     * the ids of strings of 17 to 127 characters from the previous recording until a thread that
     * wrote events before the recording began writes its next one; a thread made after that (the
     * engine's compile workers at {@code start()}) is given the stale id, and its event reads back
     * with that field null ("test.anchor@1.0.0", seen in CI; JDK 25 keeps a generation count and
     * does not). So this thread writes an event, has the chunk rotated (a dump of a running
     * recording rotates it), and writes again: its writer, told of the rotation, empties the pool.
     */
    private static void startClean(Recording recording) throws Exception {
        recording.enable(PoolReset.NAME);
        recording.start();
        new PoolReset().commit();
        Path rotated = java.nio.file.Files.createTempFile("pool-reset", ".jfr");
        try {
            recording.dump(rotated);
        } finally {
            java.nio.file.Files.deleteIfExists(rotated);
        }
        new PoolReset().commit();
    }

    @jdk.jfr.Name(PoolReset.NAME)
    static final class PoolReset extends jdk.jfr.Event {
        static final String NAME = "io.spirefy.pluginengine.tests.PoolReset";
    }
}
