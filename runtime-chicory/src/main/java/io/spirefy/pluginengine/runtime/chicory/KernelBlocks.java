package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.runtime.Memory;

/**
 * The Extism kernel's {@code length} and {@code free} answered in Java, from the kernel's memory,
 * for the one kernel build whose code they were read from (the one chicory-sdk 0.3.0 ships,
 * {@link #isVerified}); any other build keeps its own code.
 *
 * <p>Why: both walk the kernel's list of blocks from the first to the one asked for, and
 * compiled by Chicory that walk made each of them cost 4-6 times a load or a store. A CallHook
 * pays several: the engine asks {@code length} of the ref and of the payload before reading
 * them, and the guest frees both blocks and the previous answer (docs/PERFORMANCE.md, issue 20,
 * "The per-CallHook path profiled").
 *
 * <p>The same steps as the kernel's code (its {@code find_block}): a block is 1 status byte
 * (1 = active, 2 = free), its size (u32) at +4, its used length (u32) at +8, its data at +12; the
 * first block is at 65, behind the root at 1, whose byte at 1 says whether it is initialized, and
 * whose input offset and length are the u64 at 33 and 41. An offset below 64 or past the end of
 * memory has no block. The walk goes from block to block while the next one starts below the
 * offset + 65. Wherever the kernel would do something else than answer (initialize its root on
 * a first call, trap on a header past the end of memory, walk on without end or from a wrapped
 * address through a list a guest overwrote with its stores), the kernel is asked instead: so the
 * answer, the memory after it, and every trap are the kernel's own. {@code KernelBlocksTest}
 * compares both on random sequences of allocations, frees, lengths and overwritten headers.
 */
final class KernelBlocks {

    /**
     * Size and CRC-32 of the kernel ({@code extism-runtime.wasm}, SHA-256 c04772bc...366ca) these
     * steps were read from. A checksum is enough: the kernel comes from the sdk jar, not from a
     * plugin, and the check only tells another build apart (a digest would load the JDK's security
     * providers on a one-shot CLI start).
     */
    private static final int VERIFIED_SIZE = 3508;
    private static final long VERIFIED_CRC32 = 0xa87046e3L;

    /** What {@link #length} returns when the kernel must answer itself (a real length fits in a u32). */
    static final long ASK_KERNEL = -1;
    private static final long NO_BLOCK = -2;

    private static final int ROOT_INITIALIZED = 1;
    private static final int INPUT_OFFSET = 33;
    private static final int INPUT_LENGTH = 41;
    private static final int FIRST_BLOCK = 65;
    private static final int HEADER = 12;
    private static final int ACTIVE = 1;
    private static final byte FREE = 2;

    private final Memory memory;

    /** Whether {@code kernelWasm} is the kernel build these steps were read from. */
    static boolean isVerified(byte[] kernelWasm) {
        if (kernelWasm.length != VERIFIED_SIZE) return false;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(kernelWasm);
        return crc.getValue() == VERIFIED_CRC32;
    }

    KernelBlocks(Memory memory) {
        this.memory = memory;
    }

    /** The kernel's {@code length(offset)}, or {@link #ASK_KERNEL}. */
    long length(long offset) {
        if (offset == 0) return 0;
        if (memory.read(ROOT_INITIALIZED) == 0) return ASK_KERNEL;
        long block = find(offset);
        if (block == NO_BLOCK) return 0;
        if (block == ASK_KERNEL) return ASK_KERNEL;
        return Integer.toUnsignedLong(memory.readInt((int) block + 8));
    }

    /** The kernel's {@code free(offset)}; false when the kernel must do it itself. */
    boolean free(long offset) {
        if (offset == 0) return true;
        if (memory.read(ROOT_INITIALIZED) == 0) return false;
        long block = find(offset);
        if (block == ASK_KERNEL) return false;
        if (block == NO_BLOCK) return true;
        memory.writeByte((int) block, FREE);
        // The kernel forgets the input's length when its block is freed.
        if (memory.readLong(INPUT_OFFSET) == offset) memory.writeLong(INPUT_LENGTH, 0);
        return true;
    }

    /** The address of the active block whose data starts at {@code offset}, {@link #NO_BLOCK}, or {@link #ASK_KERNEL}. */
    private long find(long offset) {
        if (Long.compareUnsigned(offset, 64) < 0) return NO_BLOCK;
        long end = (long) memory.pages() << 16;
        if (Long.compareUnsigned(end, offset) < 0) return NO_BLOCK;
        long limit = offset + FIRST_BLOCK;
        long block = FIRST_BLOCK;
        while (true) {
            // The kernel reads up to 12 bytes of the header: past the end it traps, so it says so itself.
            if (block + HEADER > end) return ASK_KERNEL;
            long data = block + HEADER;
            if (memory.read((int) block) == ACTIVE && data == offset) return block;
            long next = (data + Integer.toUnsignedLong(memory.readInt((int) block + 4))) & 0xFFFF_FFFFL;
            // A size that does not move forward (a header a guest overwrote): the kernel would walk
            // on from there, possibly for ever (until the call's timeout): let it.
            if (next <= block) return ASK_KERNEL;
            if (Long.compareUnsigned(limit, next) <= 0) return NO_BLOCK;
            block = next;
        }
    }
}
