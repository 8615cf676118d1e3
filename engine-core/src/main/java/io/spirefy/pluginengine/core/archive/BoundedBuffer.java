package io.spirefy.pluginengine.core.archive;

import java.util.Arrays;

/**
 * A growable byte buffer that never grows past a cap. {@link java.io.ByteArrayOutputStream}
 * doubles freely, so a bomb checked only after the write could still make it allocate twice the
 * limit; here the cap is the bytes the {@link UnpackBudget} still allows, so memory stays within
 * the limit even while the last chunk is being rejected.
 */
final class BoundedBuffer {

    private final int cap;
    private byte[] data;
    private int size;

    /**
     * @param cap  the most bytes this buffer will ever hold
     * @param hint a likely size (e.g. a declared size); only a starting capacity, clamped to cap
     *             and to 64 KiB so that a lying header costs nothing
     */
    BoundedBuffer(int cap, long hint) {
        this.cap = cap;
        this.data = new byte[(int) Math.max(0, Math.min(Math.min(hint, cap), 64 * 1024))];
    }

    /** Appends; the caller has already accounted the bytes, so exceeding the cap is a bug. */
    void write(byte[] b, int off, int len) {
        if ((long) size + len > cap) {
            throw new IllegalStateException("buffer cap " + cap + " exceeded; the unpack budget should have stopped this");
        }
        if (size + len > data.length) {
            long grown = Math.max((long) data.length * 2, (long) size + len);
            data = Arrays.copyOf(data, (int) Math.min(Math.max(grown, 256), cap));
        }
        System.arraycopy(b, off, data, size, len);
        size += len;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return size == data.length ? data : Arrays.copyOf(data, size);
    }
}
