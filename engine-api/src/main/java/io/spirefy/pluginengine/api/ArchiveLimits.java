package io.spirefy.pluginengine.api;

/**
 * What an archive may hold before it is rejected (contract section 2), and what the engine keeps
 * of all loaded archives together (section 7, "Memory").
 *
 * @param maxEntries       entries, directories included
 * @param maxPackedBytes   the archive's own size
 * @param maxUnpackedBytes the sum of its entries' sizes once unpacked
 * @param maxRatio         unpacked bytes per packed byte, for the archive and for each entry
 * @param maxRetainedBytes the bytes the engine may keep for all loaded plugins' files together.
 *                         Files are kept compressed (a directory's on disk) and unpacked only for
 *                         the read that needs them, so a plugin retains about its packed size plus
 *                         its module, which is kept unpacked for compiling. An archive that would
 *                         take the total past this bound is rejected as a problem of its source;
 *                         unloading a plugin gives its bytes back.
 */
public record ArchiveLimits(int maxEntries, long maxPackedBytes, long maxUnpackedBytes, int maxRatio,
                            long maxRetainedBytes) {

    /** The default {@link #maxRetainedBytes}: 512 MiB. */
    public static final long DEFAULT_MAX_RETAINED_BYTES = 512L << 20;

    /** 10,000 entries, 64 MiB packed, 256 MiB unpacked, ratio 200:1; 512 MiB retained for all archives. */
    public static final ArchiveLimits DEFAULTS = new ArchiveLimits(10_000, 64L << 20, 256L << 20, 200);

    /**
     * Checks the limits.
     *
     * @param maxEntries       entries, directories included
     * @param maxPackedBytes   the archive's own size
     * @param maxUnpackedBytes the sum of its entries' sizes once unpacked
     * @param maxRatio         unpacked bytes per packed byte, for the archive and for each entry
     * @param maxRetainedBytes the bytes the engine may keep for all loaded plugins' files together.
     *                         Files are kept compressed (a directory's on disk) and unpacked only for
     *                         the read that needs them, so a plugin retains about its packed size plus
     *                         its module, which is kept unpacked for compiling. An archive that would
     *                         take the total past this bound is rejected as a problem of its source;
     *                         unloading a plugin gives its bytes back.
     * @throws IllegalArgumentException when one is not positive
     */
    public ArchiveLimits {
        if (maxEntries < 1 || maxPackedBytes < 1 || maxUnpackedBytes < 1 || maxRatio < 1 || maxRetainedBytes < 1) {
            throw new IllegalArgumentException("archive limits must be positive");
        }
    }

    /**
     * Per-archive limits with the default {@link #maxRetainedBytes} (512 MiB).
     *
     * @param maxEntries       entries, directories included
     * @param maxPackedBytes   the archive's own size
     * @param maxUnpackedBytes the sum of its entries' sizes once unpacked
     * @param maxRatio         unpacked bytes per packed byte, for the archive and for each entry
     */
    public ArchiveLimits(int maxEntries, long maxPackedBytes, long maxUnpackedBytes, int maxRatio) {
        this(maxEntries, maxPackedBytes, maxUnpackedBytes, maxRatio, DEFAULT_MAX_RETAINED_BYTES);
    }

    /**
     * These limits with another bound on what all loaded plugins' files may keep together.
     *
     * @param bytes the bound, in bytes
     * @return new limits
     */
    public ArchiveLimits withMaxRetainedBytes(long bytes) {

        return new ArchiveLimits(maxEntries, maxPackedBytes, maxUnpackedBytes, maxRatio, bytes);
    }
}
