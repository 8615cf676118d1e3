package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.zip.ZipException;

/**
 * Reads a gzip-compressed tar archive held in memory.
 *
 * <p>Our own reader (see {@link ZipReader} for why not Commons Compress); gunzipping is
 * {@link GzipStream}, which also refuses anything after the last gzip member. Every byte that comes out of gzip, headers and padding included, is
 * counted by the {@link UnpackBudget}, so a stream of endless headers or padding is stopped just
 * like a large entry. The tar dialects read: ustar (with its name prefix), GNU long names
 * ({@code L}) and POSIX pax headers ({@code x}: {@code path} and {@code size}; global {@code g}
 * headers are skipped). Base-256 sizes (GNU, for entries over 8 GiB) are read too. Rejected:
 * hard and symbolic links, devices, fifos, GNU sparse/volume/multi-volume entries, any other type,
 * bad header checksums, and truncation anywhere.
 */
final class TarGzReader {

    private static final int BLOCK = 512;
    private static final int CHUNK = 64 * 1024;
    /** Long names and pax records are metadata; nothing legitimate needs more. */
    private static final int MAX_META = 1 << 20;

    private final String source;
    private final UnpackBudget budget;
    private final ArchiveContent content;
    private InputStream in;
    /** The entry being read, for error messages; null before the first header. */
    private String current;

    private TarGzReader(byte[] archive, ArchiveContent content) {
        this.source = content.source();
        this.budget = new UnpackBudget(source, content.limits(), archive.length);
        this.content = content;
    }

    /**
     * Reads every entry into {@code content} (files past {@link ArchiveContent#keepsAsIs} deflated
     * as they come out of gzip, since a gzip stream cannot be read again from the middle), or
     * throws the first rejection, naming the archive and entry.
     */
    static ArchiveContent read(byte[] archive, ArchiveContent content) {
        TarGzReader reader = new TarGzReader(archive, content);
        try (GzipStream gzip = new GzipStream(archive)) {
            reader.in = gzip;
            return reader.read();
        } catch (GzipStream.TrailingBytes e) {
            throw new ArchiveException(reader.source, null, "the archive has " + e.getMessage());
        } catch (ZipException e) {
            throw new ArchiveException(reader.source, reader.current, "not a valid gzip stream (" + e.getMessage() + ")");
        } catch (EOFException e) {
            throw new ArchiveException(reader.source, reader.current, "the archive is truncated (the gzip stream ends early)");
        } catch (IOException e) {
            throw new ArchiveException(reader.source, reader.current, "cannot read the gzip stream (" + e.getMessage() + ")");
        }
    }

    private ArchiveContent read() throws IOException {
        String longName = null;
        String paxPath = null;
        long paxSize = -1;
        byte[] header = new byte[BLOCK];
        while (true) {
            if (!readBlock(header)) {
                // End of stream without the two zero blocks: tolerated (many writers omit them),
                // but only on a block boundary; a cut inside a block throws in readBlock.
                return content;
            }
            if (allZero(header)) {
                drain();
                return content;
            }
            if (longName == null && paxPath == null) {
                current = "tar header at byte " + budget.unpacked();
            }
            verifyChecksum(header);
            char type = (char) (header[156] & 0xFF);
            long size = octalOrBase256(header, 124, 12, "size");
            String name = headerName(header);
            current = longName != null ? longName : paxPath != null ? paxPath : name;
            // Headers count as unpacked bytes too, so endless empty headers are stopped like data.
            budget.consume(current, BLOCK);
            if (paxSize >= 0 && type != 'L' && type != 'x' && type != 'g' && type != 'K') {
                size = paxSize;
            }
            switch (type) {
                case 'L' -> {
                    longName = trimNul(new String(readMeta(size), StandardCharsets.UTF_8));
                    continue;
                }
                case 'K' -> { // GNU long link name: irrelevant, since links are rejected anyway
                    readMeta(size);
                    continue;
                }
                case 'x' -> {
                    long[] sizeOut = {paxSize};
                    String p = parsePax(readMeta(size), sizeOut);
                    if (p != null) paxPath = p;
                    paxSize = sizeOut[0];
                    continue;
                }
                case 'g' -> {
                    readMeta(size);
                    continue;
                }
                default -> {
                }
            }
            String rawName = current;
            longName = null;
            paxPath = null;
            paxSize = -1;
            switch (type) {
                case '0', '\0', '7' -> {
                    String normalized = content.admit(rawName, false);
                    boolean keep = content.keepsUnpacked(normalized);
                    MessageDigest sha256 = Digests.sha256();
                    if (keep || content.keepsAsIs(size)) {
                        byte[] bytes = readContent(rawName, size, sha256);
                        content.put(normalized, new HeldFile(bytes), keep ? bytes : null, sha256.digest());
                    } else {
                        content.put(normalized, deflateContent(rawName, size, sha256), null, sha256.digest());
                    }
                }
                case '5' -> {
                    content.admit(rawName, true);
                    skip(size);
                }
                case '1' -> throw new ArchiveException(source, rawName, "links are not allowed (the entry is a hard link)");
                case '2' -> throw new ArchiveException(source, rawName, "links are not allowed (the entry is a symbolic link)");
                case '3', '4' -> throw new ArchiveException(source, rawName, "device files are not allowed");
                case '6' -> throw new ArchiveException(source, rawName, "fifos are not allowed");
                default -> throw new ArchiveException(source, rawName, "tar entry type '" + printable(type)
                        + "' is not supported (expected a regular file or a directory)");
            }
        }
    }

    private byte[] readContent(String rawName, long size, MessageDigest sha256) throws IOException {
        BoundedBuffer out = new BoundedBuffer(budget.remainingForOneEntry(), size);
        copyContent(rawName, size, sha256, out::write);
        return out.toByteArray();
    }

    private StoredFile deflateContent(String rawName, long size, MessageDigest sha256) throws IOException {
        try (DeflatedFile.Compressor compressor = new DeflatedFile.Compressor(
                DeflatedFile.Compressor.capFor(budget.remainingForOneEntry()), size)) {
            copyContent(rawName, size, sha256, compressor::write);
            return compressor.finish();
        }
    }

    /**
     * Streams an entry's {@code size} bytes into {@code sink}, counting them against the budget and
     * hashing them for the signature check, and skips its padding.
     */
    private void copyContent(String rawName, long size, MessageDigest sha256, ChunkSink sink) throws IOException {
        byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(size, 1))];
        long left = size;
        while (left > 0) {
            int want = (int) Math.min(chunk.length, left);
            readFully(chunk, want);
            budget.consume(rawName, want);
            sha256.update(chunk, 0, want);
            sink.write(chunk, 0, want);
            left -= want;
        }
        skipPadding(size);
    }

    private byte[] readMeta(long size) throws IOException {
        if (size > MAX_META) {
            throw new ArchiveException(source, current, "a tar metadata entry of " + size
                    + " bytes is larger than " + MAX_META);
        }
        byte[] data = new byte[(int) size];
        readFully(data, data.length);
        budget.consume(current, size);
        skipPadding(size);
        return data;
    }

    private void skip(long size) throws IOException {
        byte[] chunk = new byte[CHUNK];
        long left = size;
        while (left > 0) {
            int want = (int) Math.min(chunk.length, left);
            readFully(chunk, want);
            budget.consume(current, want);
            left -= want;
        }
        skipPadding(size);
    }

    private void skipPadding(long size) throws IOException {
        int pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
        if (pad > 0) {
            readFully(new byte[pad], pad);
            budget.consume(current, pad);
        }
    }

    /** Reads one header block; false only at a clean end of stream before any of its bytes. */
    private boolean readBlock(byte[] block) throws IOException {
        int got = in.readNBytes(block, 0, BLOCK);
        if (got == 0) {
            return false;
        }
        if (got < BLOCK) {
            throw truncated();
        }
        return true;
    }

    /**
     * Reads past the end-of-archive marker to the end of the gzip stream, so that a damaged or cut
     * stream (its CRC is checked at the end) is reported instead of silently accepted. What follows
     * the marker (tar pads to 10 KiB records) still counts against the limits.
     */
    private void drain() throws IOException {
        current = "end of archive";
        byte[] chunk = new byte[CHUNK];
        int n;
        while ((n = in.read(chunk)) > 0) {
            budget.consume(current, n);
        }
    }

    private void readFully(byte[] buf, int n) throws IOException {
        if (in.readNBytes(buf, 0, n) < n) {
            throw truncated();
        }
    }

    private ArchiveException truncated() {
        return new ArchiveException(source, current, "the archive is truncated (a tar entry ends early)");
    }

    private void verifyChecksum(byte[] h) {
        long stored = octalOrBase256(h, 148, 8, "checksum");
        long unsigned = 0;
        long signed = 0; // some old writers summed signed bytes
        for (int i = 0; i < BLOCK; i++) {
            int b = (i >= 148 && i < 156) ? ' ' : h[i];
            unsigned += b & 0xFF;
            signed += (i >= 148 && i < 156) ? ' ' : h[i];
        }
        if (stored != unsigned && stored != signed) {
            throw new ArchiveException(source, current, "not a tar archive, or a corrupt tar header"
                    + " (header checksum " + stored + " does not match " + unsigned + ")");
        }
    }

    private String headerName(byte[] h) {
        String name = field(h, 0, 100);
        // The ustar prefix field exists only with the POSIX magic; GNU tar uses those bytes otherwise.
        boolean posix = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r' && h[262] == 0;
        if (posix) {
            String prefix = field(h, 345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    /** Parses pax records {@code "<len> <key>=<value>\n"}; returns {@code path} if given, and sets {@code size}. */
    private String parsePax(byte[] data, long[] size) {
        String path = null;
        int at = 0;
        while (at < data.length) {
            int space = at;
            while (space < data.length && data[space] != ' ') space++;
            long len;
            try {
                len = Long.parseLong(new String(data, at, space - at, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new ArchiveException(source, current, "malformed pax header record length");
            }
            if (len <= space - at + 1 || at + len > data.length || data[(int) (at + len - 1)] != '\n') {
                throw new ArchiveException(source, current, "malformed pax header record");
            }
            String record = new String(data, space + 1, (int) (at + len - 1 - space - 1), StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq < 0) {
                throw new ArchiveException(source, current, "malformed pax header record (no '=')");
            }
            String key = record.substring(0, eq);
            String value = record.substring(eq + 1);
            if (key.equals("path")) {
                path = value;
            } else if (key.equals("size")) {
                try {
                    size[0] = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new ArchiveException(source, current, "malformed pax size '" + value + "'");
                }
                if (size[0] < 0) {
                    throw new ArchiveException(source, current, "negative pax size");
                }
            }
            at += (int) len;
        }
        return path;
    }

    private long octalOrBase256(byte[] h, int off, int len, String what) {
        if ((h[off] & 0x80) != 0) {
            // GNU base-256: the remaining bits big-endian; negative values are nonsense here.
            if ((h[off] & 0x40) != 0) {
                throw new ArchiveException(source, current, "negative tar " + what);
            }
            long v = h[off] & 0x3F;
            for (int i = 1; i < len; i++) {
                if (v > (Long.MAX_VALUE >>> 8)) {
                    throw new ArchiveException(source, current, "tar " + what + " is too large");
                }
                v = (v << 8) | (h[off + i] & 0xFF);
            }
            return v;
        }
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (h[i] == ' ' || h[i] == 0)) i++;
        boolean digits = false;
        for (; i < end && h[i] >= '0' && h[i] <= '7'; i++) {
            v = (v << 3) | (h[i] - '0');
            digits = true;
        }
        for (; i < end; i++) {
            if (h[i] != ' ' && h[i] != 0) {
                throw new ArchiveException(source, current, "not a tar archive, or a corrupt tar header"
                        + " (the " + what + " field is not an octal number)");
            }
        }
        if (!digits && what.equals("checksum")) {
            throw new ArchiveException(source, current, "not a tar archive, or a corrupt tar header (no checksum)");
        }
        return v;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static String trimNul(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) return false;
        }
        return true;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c);
    }
}
