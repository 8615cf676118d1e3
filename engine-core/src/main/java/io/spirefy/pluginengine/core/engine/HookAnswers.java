package io.spirefy.pluginengine.core.engine;

import java.nio.charset.StandardCharsets;

/**
 * CallAllHooks' answer (docs/CONTRACT.md section 5): one record per hook, in the anchor's order, so
 * that an anchor gets every answer in one block. A record is three little-endian u32s, status (0
 * answered, 1 failed), ref length and body length, then the ref's UTF-8 bytes, then the body (the
 * hook's response, or the failure's message). The whole is bounded: a caller cannot take more than
 * its memory holds, so hooks that answer more fail the call before the engine holds more of it.
 */
final class HookAnswers {

    static final int ANSWERED = 0;
    static final int FAILED = 1;
    private static final int HEADER = 12;

    private final long maxBytes;
    private final int[] statuses;
    private final byte[][] refs;
    private final byte[][] bodies;
    private int count;
    private long size;

    /** @param maxBytes the most the answer may hold (the caller's memory limit) */
    HookAnswers(long maxBytes, int hooks) {
        // One Java array holds the answer.
        this.maxBytes = Math.min(maxBytes, Integer.MAX_VALUE - 16);
        this.statuses = new int[hooks];
        this.refs = new byte[hooks][];
        this.bodies = new byte[hooks][];
    }

    /**
     * Adds the next hook's record.
     *
     * @return false when the record would take the answer past its bound (nothing added)
     */
    boolean add(int status, String ref, byte[] body) {
        byte[] refBytes = ref.getBytes(StandardCharsets.UTF_8);
        long needed = size + HEADER + refBytes.length + body.length;
        if (needed > maxBytes) return false;
        statuses[count] = status;
        refs[count] = refBytes;
        bodies[count] = body;
        count++;
        size = needed;
        return true;
    }

    /** The records, in one array for the caller's memory. */
    byte[] toBytes() {
        byte[] out = new byte[(int) size];
        int at = 0;
        for (int i = 0; i < count; i++) {
            at = putInt(out, at, statuses[i]);
            at = putInt(out, at, refs[i].length);
            at = putInt(out, at, bodies[i].length);
            System.arraycopy(refs[i], 0, out, at, refs[i].length);
            at += refs[i].length;
            System.arraycopy(bodies[i], 0, out, at, bodies[i].length);
            at += bodies[i].length;
        }
        return out;
    }

    private static int putInt(byte[] out, int at, int v) {
        out[at] = (byte) v;
        out[at + 1] = (byte) (v >>> 8);
        out[at + 2] = (byte) (v >>> 16);
        out[at + 3] = (byte) (v >>> 24);
        return at + 4;
    }
}
