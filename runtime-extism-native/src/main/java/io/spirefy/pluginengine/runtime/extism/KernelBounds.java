package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.runtime.extism.internal.ExtismCalls;

/**
 * The bound every block a host function copies into or out of must lie within: the Extism
 * kernel's memory.
 *
 * <p>Why: the kernel keeps its block headers in the memory a guest writes with {@code store_u64}.
 * A guest that rewrites a freed block's size makes the kernel's {@code alloc} hand out a block
 * running past the memory's end; one that rewrites a live block's used length makes its
 * {@code length} answer more bytes than the memory holds. libextism copies nothing itself, so a
 * host copy there wrote or read outside wasm memory: SIGSEGV, the JVM gone
 * ({@code DamagedBlocksTest} saw both). Such a block now fails the host call that met it.
 *
 * <p>The size is the kernel's own: its root's count of the bytes its blocks may take (what its
 * {@code memory_bytes} answers), kept below the 64 bytes its {@code store_u8}/{@code store_u64}
 * refuse to write, so no guest can change it; the memory holds those bytes after the root. Its
 * place is that of the kernel libextism 1.41 embeds: a kernel that moved it would most likely make
 * writes fail here (the tests write blocks of up to megabytes), one that put a larger number there
 * would only lose the check.
 */
final class KernelBounds {

    /** The kernel's root, before the region its blocks take. */
    static final long ROOT_BYTES = 64;
    /** Where the root keeps the region's size (libextism 1.41's kernel). */
    static final long REGION_BYTES_AT = 17;

    private KernelBounds() {
    }

    /**
     * Throws unless {@code length} bytes at {@code offset} lie inside the kernel's memory at {@code base}.
     *
     * @throws IllegalStateException naming the block and the memory's size
     */
    static void check(ExtismCalls lib, long base, long offset, long length) {
        long memoryBytes = lib.getLong(base + REGION_BYTES_AT) + ROOT_BYTES;
        if (offset < ROOT_BYTES || length < 0 || memoryBytes < ROOT_BYTES || offset > memoryBytes - length) {
            throw new IllegalStateException("the Extism kernel's block at offset " + offset + " of " + length
                    + " bytes runs past the end of its memory (" + memoryBytes + " bytes): its block list is damaged");
        }
    }
}
