package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.PluginEngineException;

/**
 * One file of a plugin as the engine keeps it between reads (contract section 7, "Memory"): held
 * as is, deflated, or left on disk. A file is unpacked only into the array a read returns, so the
 * host never holds it twice, nor unpacked beyond that read.
 */
interface StoredFile {

    /** Files up to this size are held as they are: compressing them would save next to nothing. */
    int SMALL = 4096;

    /**
     * How to keep a file whose bytes are at hand: as they are when small or when deflate cannot
     * shrink them by an eighth, else deflated.
     */
    static StoredFile of(byte[] bytes) {
        if (bytes.length <= SMALL) {
            return new HeldFile(bytes);
        }
        DeflatedFile deflated = DeflatedFile.compress(bytes);
        return deflated.retainedBytes() > bytes.length - bytes.length / 8 ? new HeldFile(bytes) : deflated;
    }

    /** The file's size unpacked, as found at load. */
    long size();

    /** What keeping the file costs the heap. */
    long retainedBytes();

    /**
     * A fresh array holding the file.
     *
     * @param name     the file's path, for errors
     * @param maxBytes the most the caller may be given; a larger file is refused before anything
     *                 of it is unpacked or read
     * @throws PluginEngineException naming the file when it is too large or cannot be read
     */
    byte[] read(String name, long maxBytes);

    /** The refusal of a read that would hand out more than the reader may hold. */
    static PluginEngineException tooLarge(String name, long size, long maxBytes) {
        if (size > UnpackBudget.MAX_ARRAY && maxBytes > UnpackBudget.MAX_ARRAY) {
            return new PluginEngineException("file '" + name + "' is " + size + " bytes, more than the largest array of "
                    + UnpackBudget.MAX_ARRAY + " bytes a read can return; it was not read");
        }
        return new PluginEngineException("file '" + name + "' is " + size + " bytes, more than the " + maxBytes
                + " bytes the plugin may hold (its memory limit); it was not read");
    }

    /** Throws {@link #tooLarge} unless a file of {@code size} bytes may be handed out. */
    static void checkSize(String name, long size, long maxBytes) {
        if (size > maxBytes || size > UnpackBudget.MAX_ARRAY) {
            throw tooLarge(name, size, maxBytes);
        }
    }
}
