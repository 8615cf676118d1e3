package io.spirefy.pluginengine.runtime.extism.internal;

import java.nio.ByteBuffer;

/**
 * A block of native memory from {@link ExtismCalls#allocate}: its address, and a {@link ByteBuffer}
 * over it, through which Java fills it with a plain memory copy (no native call). Freed by
 * {@link #close()}, or, if never closed, once unreachable (by the binding's cleaner).
 */
public final class NativeBytes implements AutoCloseable {

    private final long address;
    private final long size;
    private final ByteBuffer view;
    /** Frees the block; idempotent. Also what keeps the binding's owner object reachable. */
    private final Runnable free;

    NativeBytes(long address, long size, ByteBuffer view, Runnable free) {
        this.address = address;
        this.size = size;
        this.view = view;
        this.free = free;
    }

    public long address() { return address; }

    public long size() { return size; }

    /** Absolute puts only: the buffer's position is shared by every user. */
    public ByteBuffer view() { return view; }

    @Override
    public void close() { free.run(); }
}
