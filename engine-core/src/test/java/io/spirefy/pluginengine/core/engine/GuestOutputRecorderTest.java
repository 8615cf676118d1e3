package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.EngineReporter;
import io.spirefy.pluginengine.api.GuestLine;
import io.spirefy.pluginengine.api.GuestLine.Source;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.spi.GuestOutput.Stream;
import org.junit.jupiter.api.Test;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GuestOutputRecorderTest {

    private final List<GuestLine> lines = new ArrayList<>();
    private final GuestOutputRecorder recorder = new GuestOutputRecorder("p@1.0.0", new EngineReporter() {
        @Override
        public void problem(Problem problem) {
        }

        @Override
        public void listenerFailed(String eventId, DeliveryReport.ListenerFailure failure) {
        }

        @Override
        public void guestOutput(GuestLine line) {
            lines.add(line);
        }
    });

    private void write(Stream stream, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        recorder.write(stream, b, 0, b.length);
    }

    @Test
    void writesAreSplitIntoLinesAcrossWritesAndAnOpenLineEndsWithTheCall() {
        recorder.begin();
        write(Stream.STDOUT, "he");
        write(Stream.STDOUT, "llo\r\nwor");
        write(Stream.STDERR, "é\n");
        write(Stream.STDOUT, "ld\nopen");
        assertThat(lines).extracting(GuestLine::text).containsExactly("hello", "é", "world");
        recorder.end();
        assertThat(lines).extracting(GuestLine::source, GuestLine::text).last().isEqualTo(
                org.assertj.core.groups.Tuple.tuple(Source.STDOUT, "open"));
        assertThat(lines.get(1).level()).isEqualTo(Level.WARNING);
        assertThat(lines.get(0).level()).isEqualTo(Level.INFO);
    }

    @Test
    void aLineLongerThanTheLimitComesInPieces() {
        recorder.begin();
        write(Stream.STDOUT, "x".repeat(GuestOutputRecorder.MAX_LINE_BYTES + 10) + "\n");
        recorder.end();
        assertThat(lines).extracting(l -> l.text().length()).containsExactly(GuestOutputRecorder.MAX_LINE_BYTES, 10);
    }

    @Test
    void pastTheLineBoundTheRestIsCountedAndSaidOnceThenTheNextCallStartsAfresh() {
        recorder.begin();
        for (int i = 0; i < GuestOutputRecorder.MAX_LINES + 5; i++) recorder.log(Level.INFO, "abc");
        recorder.end();
        assertThat(lines).hasSize(GuestOutputRecorder.MAX_LINES + 1);
        GuestLine last = lines.get(lines.size() - 1);
        assertThat(last.source()).isEqualTo(Source.ENGINE);
        assertThat(last.text()).startsWith("...20 more bytes dropped"); // 5 x "abc" and its line break

        lines.clear();
        recorder.begin();
        recorder.log(Level.ERROR, "again");
        recorder.end();
        assertThat(lines).extracting(GuestLine::text).containsExactly("again");
    }

    @Test
    void pastTheByteBoundToo() {
        recorder.begin();
        String line = "y".repeat(999); // 1000 bytes with its line break
        for (int i = 0; i < 70; i++) write(Stream.STDOUT, line + "\n");
        recorder.end();
        List<GuestLine> kept = lines.subList(0, lines.size() - 1);
        assertThat(kept).hasSize(GuestOutputRecorder.MAX_BYTES / 1000);
        assertThat(lines.get(lines.size() - 1).text()).startsWith("..." + (70 - kept.size()) * 1000 + " more bytes dropped");
    }

    @Test
    void theStderrTailKeepsTheCallsLastLinesEvenPastTheBoundAndAnOpenOne() {
        recorder.begin();
        for (int i = 0; i < GuestOutputRecorder.MAX_LINES; i++) recorder.log(Level.INFO, "fill");
        write(Stream.STDERR, "first\n");
        for (int i = 0; i < 30; i++) write(Stream.STDERR, "line " + i + "\n");
        write(Stream.STDERR, "panic: cut short");
        String tail = recorder.stderrTail();
        assertThat(tail.lines()).hasSize(GuestOutputRecorder.TAIL_LINES).last().isEqualTo("panic: cut short");
        assertThat(tail).doesNotContain("first");
        recorder.end();
        recorder.begin();
        assertThat(recorder.stderrTail()).isEmpty();
    }
}
