package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveException;
import io.spirefy.pluginengine.api.ArchiveLimits;

/**
 * Counts the bytes an archive unpacks to while they are produced, never from declared sizes, and
 * rejects the archive the moment a limit of {@link ArchiveLimits} is crossed.
 *
 * <p>The ratio rule: a ratio of unpacked to packed bytes only means something once enough bytes
 * have come out, otherwise a 40-byte text file that deflates to 20 bytes would look like a 2:1
 * "bomb" and a 3-byte JSON file compressed in a 100-byte archive is meaningless either way. So
 * both ratios (the whole archive's, and a zip entry's) are checked only once the unpacked side
 * exceeds {@link #RATIO_FLOOR} (1 MiB): past that, unpacked &gt; maxRatio &times; packed rejects.
 * For a zip the per-entry packed size is the entry's compressed size; a tar.gz is one gzip stream,
 * so only the whole-archive ratio applies there. Unpacked directories have no packed size and no
 * ratio.
 */
final class UnpackBudget {

    /** Unpacked bytes below which no ratio is judged (see the class comment). */
    static final long RATIO_FLOOR = 1L << 20;

    /** The largest byte array the JVM reliably allocates. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final String source;
    private final ArchiveLimits limits;
    private final long packedSize;
    private long unpacked;

    /**
     * @param packedSize the archive's size in bytes, or a negative number when it has none (a directory)
     */
    UnpackBudget(String source, ArchiveLimits limits, long packedSize) {
        this.source = source;
        this.limits = limits;
        this.packedSize = packedSize;
    }

    /** Accounts for {@code n} more unpacked bytes of {@code entry}; throws once a limit is crossed. */
    void consume(String entry, long n) {
        unpacked += n;
        if (unpacked > limits.maxUnpackedBytes()) {
            throw new ArchiveException(source, entry, "the archive unpacks to more than "
                    + limits.maxUnpackedBytes() + " bytes (limit maxUnpackedBytes)");
        }
        if (packedSize >= 0 && unpacked > RATIO_FLOOR && unpacked > limits.maxRatio() * Math.max(packedSize, 1)) {
            throw new ArchiveException(source, entry, "the archive unpacks to more than " + limits.maxRatio()
                    + " times its packed size of " + packedSize + " bytes (limit maxRatio "
                    + limits.maxRatio() + ":1)");
        }
    }

    /** Rejects a single entry whose own ratio is too high; {@code packed} is its compressed size. */
    void checkEntryRatio(String entry, long entryUnpacked, long packed) {
        if (entryUnpacked > RATIO_FLOOR && entryUnpacked > limits.maxRatio() * Math.max(packed, 1)) {
            throw new ArchiveException(source, entry, "the entry unpacks to more than " + limits.maxRatio()
                    + " times its compressed size of " + packed + " bytes (limit maxRatio "
                    + limits.maxRatio() + ":1)");
        }
    }

    /** How many more bytes may still come out; a buffer for the next entry never needs more. */
    int remainingForOneEntry() {
        return (int) Math.min(MAX_ARRAY, limits.maxUnpackedBytes() - unpacked);
    }

    long unpacked() {
        return unpacked;
    }
}
