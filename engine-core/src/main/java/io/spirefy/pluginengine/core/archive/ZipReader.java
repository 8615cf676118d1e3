package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveException;
import io.spirefy.pluginengine.api.ArchiveLimits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a zip archive held in memory, through its central directory.
 *
 * <p>Our own reader rather than {@link java.util.zip.ZipInputStream} or Apache Commons Compress:
 * ZipInputStream walks local headers only, so it never sees the central directory's external
 * attributes (where a unix symlink is marked) and trusts sizes a crafted archive can fake;
 * {@link java.util.zip.ZipFile} needs a file on disk. Commons Compress 1.26 is a real named module
 * but pulls commons-io and commons-lang3 into the engine's module graph and image, and still lets
 * us do the limit accounting ourselves; the zip and tar subsets we need are a few hundred lines.
 * Inflating is {@link Inflater} from java.util.zip.
 *
 * <p>Nothing is kept unpacked but what {@link ArchiveContent#keepsUnpacked} asks for: a deflated
 * entry is inflated once to check it and then kept as its own compressed bytes.
 *
 * <p>Supported: stored and deflated entries, ZIP64 sizes and offsets. Rejected: encryption, other
 * compression methods, split archives, entries whose local header disagrees with the central
 * directory, CRC or size mismatches, and any entry whose unix mode is a link or a special file.
 */
final class ZipReader {

    private static final int EOCD_SIG = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int CEN_SIG = 0x02014b50;
    private static final int LOC_SIG = 0x04034b50;
    private static final int EOCD_LEN = 22;
    private static final int CEN_LEN = 46;
    private static final int LOC_LEN = 30;
    private static final int CHUNK = 64 * 1024;

    private final String source;
    private final byte[] zip;
    private final UnpackBudget budget;
    private final ArchiveContent content;

    private ZipReader(byte[] zip, ArchiveContent content) {
        this.source = content.source();
        this.zip = zip;
        this.budget = new UnpackBudget(source, content.limits(), zip.length);
        this.content = content;
    }

    /**
     * Checks every entry, and fills {@code content} with each file's own compressed bytes (stored
     * entries held as they are while {@link ArchiveContent#keepsAsIs}, deflated otherwise), or
     * throws the first rejection, naming the archive and entry.
     */
    static ArchiveContent read(byte[] zip, ArchiveContent content) {
        return new ZipReader(zip, content).read();
    }

    private ArchiveContent read() {
        int eocd = findEndOfCentralDirectory();
        long total = u16(eocd + 10);
        long cdSize = u32(eocd + 12);
        long cdOffset = u32(eocd + 16);
        if (u16(eocd + 4) != 0 || u16(eocd + 6) != 0) {
            throw corrupt(null, "split (multi-disk) zip archives are not supported");
        }
        if (total == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL) {
            long[] z64 = zip64EndOfCentralDirectory(eocd);
            total = z64[0];
            cdSize = z64[1];
            cdOffset = z64[2];
        }
        // No early refusal on the declared count: ArchiveContent stops at the first entry past the
        // limit, which names it, and reading that far is bounded by the packed size anyway.
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > zip.length) {
            throw corrupt(null, "the central directory lies outside the archive");
        }
        int pos = (int) cdOffset;
        long cdEnd = cdOffset + cdSize;
        for (long i = 0; i < total; i++) {
            pos = readEntry(pos, (int) cdOffset, cdEnd);
        }
        return content;
    }

    /** Parses one central-directory record and reads its data; returns where the next record starts. */
    private int readEntry(int pos, int cdStart, long cdEnd) {
        if (pos + (long) CEN_LEN > cdEnd || s32(pos) != CEN_SIG) {
            throw corrupt(null, "the central directory is truncated or corrupt");
        }
        int madeBy = u16(pos + 4);
        int flags = u16(pos + 8);
        int method = u16(pos + 10);
        long crc = u32(pos + 16);
        long compressed = u32(pos + 20);
        long size = u32(pos + 24);
        int nameLen = u16(pos + 28);
        int extraLen = u16(pos + 30);
        int commentLen = u16(pos + 32);
        long externalAttrs = u32(pos + 38);
        long localOffset = u32(pos + 42);
        int next = pos + CEN_LEN + nameLen + extraLen + commentLen;
        if (next > cdEnd) {
            throw corrupt(null, "the central directory is truncated or corrupt");
        }
        byte[] nameBytes = Arrays.copyOfRange(zip, pos + CEN_LEN, pos + CEN_LEN + nameLen);
        String rawName = new String(nameBytes, StandardCharsets.UTF_8);

        // ZIP64: the real values follow in the 0x0001 extra field, in this order, only for those
        // that overflowed.
        if (size == 0xFFFFFFFFL || compressed == 0xFFFFFFFFL || localOffset == 0xFFFFFFFFL) {
            int[] at = {findExtra(pos + CEN_LEN + nameLen, extraLen, 0x0001, rawName)};
            if (size == 0xFFFFFFFFL) size = nextZip64Value(at, rawName);
            if (compressed == 0xFFFFFFFFL) compressed = nextZip64Value(at, rawName);
            if (localOffset == 0xFFFFFFFFL) localOffset = nextZip64Value(at, rawName);
        }

        boolean directory = rawName.endsWith("/");
        String name = content.admit(rawName, directory);
        checkMode(rawName, madeBy, externalAttrs);
        if ((flags & 1) != 0) {
            throw new ArchiveException(source, rawName, "encrypted entries are not supported");
        }
        if (directory) {
            return next;
        }
        if (method != 0 && method != 8) {
            throw new ArchiveException(source, rawName, "compression method " + method
                    + " is not supported (expected 0 stored or 8 deflated)");
        }
        int dataStart = localData(localOffset, nameBytes, rawName);
        if (compressed < 0 || dataStart + compressed > cdStart) {
            throw corrupt(rawName, "the entry's data runs past the start of the central directory");
        }
        boolean keep = content.keepsUnpacked(name);
        MessageDigest sha256 = Digests.sha256();
        if (method == 0) {
            checkStoredSizes(rawName, compressed, size);
            if (keep || content.keepsAsIs(size)) {
                byte[] bytes = copyStored(rawName, dataStart, (int) size, crc, sha256);
                content.put(name, new HeldFile(bytes), keep ? bytes : null, sha256.digest());
            } else {
                content.put(name, deflateStored(rawName, dataStart, (int) size, crc, sha256), null, sha256.digest());
            }
        } else {
            // The entry's own deflate data is the file kept as it came: no work, and usually the
            // smallest form at hand. Not so when it is no smaller than the file (data that does not
            // compress, or a stream padded with empty blocks): then the file itself is kept.
            boolean bulky = compressed >= size;
            byte[] unpacked = inflate(rawName, dataStart, (int) compressed, size, crc, keep || bulky, sha256);
            StoredFile stored = bulky ? StoredFile.of(unpacked)
                    : new DeflatedFile(Arrays.copyOfRange(zip, dataStart, dataStart + (int) compressed), size);
            content.put(name, stored, keep ? unpacked : null, sha256.digest());
        }
        return next;
    }

    /** Rejects links and special files from the unix mode kept in the high half of the external attributes. */
    private void checkMode(String rawName, int madeBy, long externalAttrs) {
        int mode = (int) (externalAttrs >>> 16);
        int type = mode & 0xF000;
        if (type == 0xA000) {
            throw new ArchiveException(source, rawName, "links are not allowed (the entry is a symbolic link)");
        }
        // Only unix-like hosts (3 unix, 19 macOS) define these bits; others leave them zero.
        int host = madeBy >>> 8;
        if ((host == 3 || host == 19) && type != 0 && type != 0x8000 && type != 0x4000) {
            throw new ArchiveException(source, rawName, "special files (devices, fifos, sockets) are not allowed"
                    + " (unix mode " + Integer.toOctalString(mode) + ")");
        }
    }

    /** Checks the local header against the central directory and returns where the data starts. */
    private int localData(long localOffset, byte[] nameBytes, String rawName) {
        if (localOffset < 0 || localOffset + LOC_LEN > zip.length || s32((int) localOffset) != LOC_SIG) {
            throw corrupt(rawName, "no local header at offset " + localOffset);
        }
        int at = (int) localOffset;
        int nameLen = u16(at + 26);
        int extraLen = u16(at + 28);
        long start = (long) at + LOC_LEN + nameLen + extraLen;
        if (start > zip.length) {
            throw corrupt(rawName, "the local header is truncated");
        }
        // Two different names for one entry is how parser-confusion attacks hide files.
        if (!Arrays.equals(zip, at + LOC_LEN, at + LOC_LEN + nameLen, nameBytes, 0, nameBytes.length)) {
            throw corrupt(rawName, "the local header names a different entry than the central directory");
        }
        return (int) start;
    }

    private void checkStoredSizes(String rawName, long length, long declared) {
        if (length != declared) {
            throw corrupt(rawName, "a stored entry's sizes disagree (" + length + " vs " + declared + ")");
        }
    }

    private byte[] copyStored(String rawName, int start, int length, long crc, MessageDigest sha256) {
        BoundedBuffer out = new BoundedBuffer(budget.remainingForOneEntry(), length);
        copyStored(rawName, start, length, crc, sha256, out::write);
        return out.toByteArray();
    }

    /** A stored entry is its own unpacked bytes; those past {@link ArchiveContent#keepsAsIs} are kept deflated. */
    private StoredFile deflateStored(String rawName, int start, int length, long crc, MessageDigest sha256) {
        try (DeflatedFile.Compressor compressor = new DeflatedFile.Compressor(
                DeflatedFile.Compressor.capFor(budget.remainingForOneEntry()), length)) {
            copyStored(rawName, start, length, crc, sha256, compressor::write);
            return compressor.finish();
        }
    }

    /**
     * Copies a stored entry's bytes into {@code sink}, counting them against the budget, checking
     * its CRC and hashing them for the signature check.
     */
    private void copyStored(String rawName, int start, int length, long crc, MessageDigest sha256, ChunkSink sink) {
        CRC32 check = new CRC32();
        for (int off = 0; off < length; off += CHUNK) {
            int n = Math.min(CHUNK, length - off);
            budget.consume(rawName, n);
            check.update(zip, start + off, n);
            sha256.update(zip, start + off, n);
            sink.write(zip, start + off, n);
        }
        checkCrc(rawName, check, crc);
    }

    /**
     * Inflates an entry to check its size and CRC and to hash it, counting every byte against the limits.
     *
     * @param keep whether to return the bytes; otherwise they are dropped chunk by chunk
     * @return the entry's bytes when {@code keep}, else null
     */
    private byte[] inflate(String rawName, int start, int length, long declared, long crc, boolean keep, MessageDigest sha256) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(zip, start, length);
            BoundedBuffer out = keep ? new BoundedBuffer(budget.remainingForOneEntry(), declared) : null;
            CRC32 check = new CRC32();
            long inflated = 0;
            byte[] chunk = new byte[(int) Math.max(1, Math.min(CHUNK, declared))];
            boolean padded = false;
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0) {
                    if (inflater.needsDictionary()) {
                        throw corrupt(rawName, "the deflate stream asks for a preset dictionary");
                    }
                    if (inflater.needsInput()) {
                        // Raw inflate may want one byte past the end (as java.util.zip.ZipFile gives it).
                        if (padded) {
                            throw corrupt(rawName, "the compressed data ends before the entry does");
                        }
                        inflater.setInput(new byte[1]);
                        padded = true;
                    }
                    continue;
                }
                // Counted before it is kept, so the budget stops a bomb at the limit.
                budget.consume(rawName, n);
                budget.checkEntryRatio(rawName, inflated + n, length);
                if (inflated + n > declared) {
                    throw corrupt(rawName, "the entry inflates to more than its declared size of " + declared + " bytes");
                }
                inflated += n;
                check.update(chunk, 0, n);
                sha256.update(chunk, 0, n);
                if (out != null) {
                    out.write(chunk, 0, n);
                }
            }
            if (inflated != declared) {
                throw corrupt(rawName, "the entry inflates to " + inflated + " bytes, not its declared "
                        + declared);
            }
            checkCrc(rawName, check, crc);
            return out == null ? null : out.toByteArray();
        } catch (DataFormatException e) {
            throw corrupt(rawName, "invalid deflate data (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    private void checkCrc(String rawName, CRC32 check, long crc) {
        if (check.getValue() != crc) {
            throw corrupt(rawName, "CRC mismatch (the entry is damaged)");
        }
    }

    private int findEndOfCentralDirectory() {
        int lowest = Math.max(0, zip.length - EOCD_LEN - 0xFFFF);
        for (int at = zip.length - EOCD_LEN; at >= lowest; at--) {
            if (s32(at) == EOCD_SIG && at + EOCD_LEN + u16(at + 20) <= zip.length) {
                return at;
            }
        }
        throw new ArchiveException(source, null, "not a zip archive (no end of central directory record found)");
    }

    /** Returns entries, central-directory size and offset from the ZIP64 end record. */
    private long[] zip64EndOfCentralDirectory(int eocd) {
        int locator = eocd - 20;
        if (locator < 0 || s32(locator) != ZIP64_LOCATOR_SIG) {
            throw corrupt(null, "the end record asks for ZIP64 but there is no ZIP64 locator");
        }
        long record = s64(locator + 8);
        if (record < 0 || record + 56 > locator || s32((int) record) != ZIP64_EOCD_SIG) {
            throw corrupt(null, "the ZIP64 end of central directory record is missing or corrupt");
        }
        int at = (int) record;
        return new long[] {s64(at + 32), s64(at + 40), s64(at + 48)};
    }

    private int findExtra(int start, int length, int id, String rawName) {
        int at = start;
        int end = start + length;
        while (at + 4 <= end) {
            int header = u16(at);
            int size = u16(at + 2);
            if (header == id) {
                if (at + 4 + size > end) break;
                return at + 4;
            }
            at += 4 + size;
        }
        throw corrupt(rawName, "ZIP64 sizes are announced but the ZIP64 extra field is missing");
    }

    private long nextZip64Value(int[] at, String rawName) {
        long v = s64(at[0]);
        if (v < 0) {
            throw corrupt(rawName, "a ZIP64 size or offset is out of range");
        }
        at[0] += 8;
        return v;
    }

    private ArchiveException corrupt(String entry, String what) {
        return new ArchiveException(source, entry, "corrupt zip archive: " + what);
    }

    private void need(int at, int n) {
        if (at < 0 || (long) at + n > zip.length) {
            throw corrupt(null, "a record runs past the end of the archive (truncated?)");
        }
    }

    private int u16(int at) {
        need(at, 2);
        return (zip[at] & 0xFF) | (zip[at + 1] & 0xFF) << 8;
    }

    private int s32(int at) {
        need(at, 4);
        return (zip[at] & 0xFF) | (zip[at + 1] & 0xFF) << 8 | (zip[at + 2] & 0xFF) << 16 | (zip[at + 3] & 0xFF) << 24;
    }

    private long u32(int at) {
        return s32(at) & 0xFFFFFFFFL;
    }

    private long s64(int at) {
        return u32(at) | u32(at + 4) << 32;
    }
}
