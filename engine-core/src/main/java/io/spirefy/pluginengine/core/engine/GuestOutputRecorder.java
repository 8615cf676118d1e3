package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.EngineReporter;
import io.spirefy.pluginengine.api.GuestLine;
import io.spirefy.pluginengine.api.GuestLine.Source;
import io.spirefy.pluginengine.api.spi.GuestOutput;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One instance's guest output (contract section 5): splits what the guest writes to stdout and
 * stderr into lines, hands each line and each log message to the host's reporter under the
 * plugin's ref, and bounds what one call may hand over ({@value #MAX_LINES} lines and
 * {@value #MAX_BYTES} bytes, line breaks counted). Past the bound the rest of the call's output is
 * counted, not kept, and the call ends with one {@code ...N more bytes dropped} line. It also
 * keeps the call's last {@value #TAIL_LINES} stderr lines, whatever the bound, for the error of a
 * call that traps (a Go panic prints its message there, then its goroutines).
 *
 * <p>Used by one call at a time (an instance is never shared), on the call's thread.
 */
final class GuestOutputRecorder implements GuestOutput {

    static final int MAX_LINES = 1000;
    static final int MAX_BYTES = 64 * 1024;
    /** A longer line is handed over in pieces of this size: a guest that never ends a line holds no more. */
    static final int MAX_LINE_BYTES = 8 * 1024;
    static final int TAIL_LINES = 20;
    /** Each tail line is cut to this many characters: the error message stays readable. */
    private static final int TAIL_LINE_CHARS = 300;

    /** For slots made without a reporter (tests of the pool): nothing is handed over. */
    static final EngineReporter SILENT = new EngineReporter() {
        @Override
        public void problem(io.spirefy.pluginengine.api.Problem problem) {
        }

        @Override
        public void listenerFailed(String eventId, io.spirefy.pluginengine.api.DeliveryReport.ListenerFailure failure) {
        }

        @Override
        public void guestOutput(GuestLine line) {
        }
    };

    private final String ref;
    private final EngineReporter reporter;
    private final LineBuffer stdout = new LineBuffer(Source.STDOUT, Level.INFO);
    private final LineBuffer stderr = new LineBuffer(Source.STDERR, Level.WARNING);
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private int lines;
    private long bytes;
    private long dropped;
    /** Whether anything was written since the call began: the common call writes nothing and ends cheaply. */
    private boolean written;

    GuestOutputRecorder(String ref, EngineReporter reporter) {
        this.ref = ref;
        this.reporter = reporter;
    }

    /** A call begins: its bound starts afresh, and the stderr tail is its own. */
    void begin() {
        if (!written) return;
        lines = 0;
        bytes = 0;
        dropped = 0;
        tail.clear();
        written = false;
    }

    /** The call ended: lines left open are handed over, then what was dropped is said. */
    void end() {
        if (!written) return;
        stdout.flush();
        stderr.flush();
        if (dropped > 0) {
            deliver(new GuestLine(ref, Source.ENGINE, Level.WARNING, "..." + dropped + " more bytes dropped (the bound is "
                    + MAX_LINES + " lines and " + MAX_BYTES + " bytes of output per call)"));
            dropped = 0;
        }
    }

    /** The last stderr lines of the call, oldest first; empty when it wrote none. */
    String stderrTail() {
        stderr.flush(); // an open line belongs to the tail too (a message cut short by the trap)
        return String.join("\n", tail);
    }

    @Override
    public void log(Level level, String message) {
        written = true;
        offer(Source.LOG, level, message == null ? "" : message, utf8Length(message) + 1);
    }

    @Override
    public void write(Stream stream, byte[] b, int offset, int length) {
        if (length <= 0) return;
        written = true;
        (stream == Stream.STDERR ? stderr : stdout).write(b, offset, length);
    }

    private void offer(Source source, Level level, String text, long size) {
        if (lines >= MAX_LINES || bytes + size > MAX_BYTES) {
            dropped += size;
            return;
        }
        lines++;
        bytes += size;
        deliver(new GuestLine(ref, source, level, text));
    }

    private void deliver(GuestLine line) {
        try {
            reporter.guestOutput(line);
        } catch (RuntimeException ignored) {
            // A host's reporter that fails must not fail the plugin's call: the line is lost, not the call.
        }
    }

    private void keepInTail(String line) {
        if (tail.size() == TAIL_LINES) tail.removeFirst();
        tail.addLast(line.length() > TAIL_LINE_CHARS ? line.substring(0, TAIL_LINE_CHARS) + "..." : line);
    }

    private static int utf8Length(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The open line of one stream. */
    private final class LineBuffer {
        private final Source source;
        private final Level level;
        private byte[] buf = new byte[256];
        private int size;

        LineBuffer(Source source, Level level) {
            this.source = source;
            this.level = level;
        }

        void write(byte[] b, int offset, int length) {
            int end = offset + length;
            int start = offset;
            for (int i = offset; i < end; i++) {
                if (b[i] == '\n') {
                    append(b, start, i - start);
                    line(1);
                    start = i + 1;
                }
            }
            append(b, start, end - start);
        }

        private void append(byte[] b, int offset, int length) {
            while (length > 0) {
                int n = Math.min(length, MAX_LINE_BYTES - size);
                if (size + n > buf.length) buf = Arrays.copyOf(buf, Math.min(MAX_LINE_BYTES, Math.max(buf.length * 2, size + n)));
                System.arraycopy(b, offset, buf, size, n);
                size += n;
                offset += n;
                length -= n;
                if (size == MAX_LINE_BYTES) line(0);
            }
        }

        /** The buffered bytes are a line; {@code lineBreak} bytes ended it. */
        private void line(int lineBreak) {
            boolean cr = size > 0 && buf[size - 1] == '\r';
            int n = cr ? size - 1 : size;
            String text = new String(buf, 0, n, StandardCharsets.UTF_8);
            size = 0;
            if (source == Source.STDERR) keepInTail(text);
            offer(source, level, text, n + (cr ? 1 : 0) + lineBreak);
        }

        void flush() {
            if (size > 0) line(0);
        }
    }
}
