package io.spirefy.pluginengine.api;

/**
 * What an archive may hold before it is rejected (contract section 2).
 *
 * @param maxEntries       entries, directories included
 * @param maxPackedBytes   the archive's own size
 * @param maxUnpackedBytes the sum of its entries' sizes once unpacked
 * @param maxRatio         unpacked bytes per packed byte, for the archive and for each entry
 */
public record ArchiveLimits(int maxEntries, long maxPackedBytes, long maxUnpackedBytes, int maxRatio) {

    /** 10,000 entries, 64 MiB packed, 256 MiB unpacked, ratio 200:1. */
    public static final ArchiveLimits DEFAULTS = new ArchiveLimits(10_000, 64L << 20, 256L << 20, 200);

    public ArchiveLimits {
        if (maxEntries < 1 || maxPackedBytes < 1 || maxUnpackedBytes < 1 || maxRatio < 1) {
            throw new IllegalArgumentException("archive limits must be positive");
        }
    }
}
