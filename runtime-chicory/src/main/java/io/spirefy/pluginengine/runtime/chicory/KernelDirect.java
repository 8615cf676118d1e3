package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.runtime.Memory;

/**
 * The kernel's six hottest exports (the guest's 1- and 8-byte loads and stores) answered in Java from
 * the kernel instance's memory, without entering the kernel's compiled code. A guest reads and writes
 * every payload through these, 8 bytes per call, and each call into the kernel's machine costs its
 * dispatch on top of the sdk's import path (docs/PERFORMANCE.md, issue 20). chicory-sdk 0.3.0 gives
 * no way to link the guest's imports elsewhere (a host function of the same name collides with the
 * kernel's), so they are served at the kernel's entry, which the machine factory lets us own.
 *
 * <p>The answers are the kernel's, checked for checked: those of the extism-runtime.wasm that this
 * sdk ships (built with bounds checking), read from its code, not from the Rust source alone. An
 * address that the kernel's check lets through but its memory does not hold traps the same way,
 * because the same {@link Memory} method does the access. {@code KernelDirectTest} compares both on
 * the edge offsets.
 */
final class KernelDirect {

    /** Below this the kernel refuses a pointer: its root sits there (size of {@code MemoryRoot}). */
    private static final long ROOT_END = 64;
    /** Where the kernel's root keeps its initialized flag, input offset and input length. */
    private static final int INITIALIZED = 1;
    private static final int INPUT_OFFSET = 33;
    private static final int INPUT_LENGTH = 41;
    private static final long[] NONE = new long[0];

    /** The kernel's function indexes of the exports served here. */
    record Ids(int loadU8, int loadU64, int inputLoadU8, int inputLoadU64, int storeU8, int storeU64) {
    }

    private final Memory memory;
    private final Ids ids;

    KernelDirect(Memory memory, Ids ids) {
        this.memory = memory;
        this.ids = ids;
    }

    /** The export's results, or null when the kernel must answer itself (not one of ours, or no root yet). */
    long[] call(int funcId, long[] args) {
        Ids i = ids;
        if (funcId == i.loadU64) return new long[] {loadU64(args[0])};
        if (funcId == i.storeU64) {
            storeU64(args[0], args[1]);
            return NONE;
        }
        if (funcId == i.loadU8) return new long[] {loadU8(args[0])};
        if (funcId == i.storeU8) {
            storeU8(args[0], (int) args[1]);
            return NONE;
        }
        // The input loads set the root up on first use; before that the kernel does it.
        if (memory.read(INITIALIZED) == 0) return null;
        if (funcId == i.inputLoadU64) return new long[] {inputLoadU64(args[0])};
        if (funcId == i.inputLoadU8) return new long[] {inputLoadU8(args[0])};
        return null;
    }

    private long memoryBytes() {
        return (long) memory.pages() << 16;
    }

    /** The kernel's check of a pointer to the last byte it touches; the end of memory itself passes. */
    private boolean inBounds(long last) {
        return Long.compareUnsigned(last, ROOT_END) >= 0 && Long.compareUnsigned(last, memoryBytes()) <= 0;
    }

    private long loadU64(long p) {
        return inBounds(p + 7) ? memory.readLong((int) p) : 0;
    }

    private long loadU8(long p) {
        return inBounds(p) ? memory.read((int) p) & 0xFF : 0;
    }

    private void storeU64(long p, long value) {
        if (inBounds(p + 7)) memory.writeLong((int) p, value);
    }

    private void storeU8(long p, int value) {
        if (inBounds(p)) memory.writeByte((int) p, (byte) value);
    }

    private long inputLoadU64(long offset) {
        if (Long.compareUnsigned(offset + 8, memory.readLong(INPUT_LENGTH)) > 0) return 0;
        return memory.readLong((int) (memory.readLong(INPUT_OFFSET) + offset));
    }

    private long inputLoadU8(long offset) {
        if (Long.compareUnsigned(memory.readLong(INPUT_LENGTH), offset) <= 0) return 0;
        return memory.read((int) (memory.readLong(INPUT_OFFSET) + offset)) & 0xFF;
    }
}
