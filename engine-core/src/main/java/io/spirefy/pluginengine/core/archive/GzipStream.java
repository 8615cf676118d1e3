package io.spirefy.pluginengine.core.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Gunzips a .gz held in memory (RFC 1952), member after member, checking each member's CRC and
 * length, and refusing whatever follows the last member.
 *
 * <p>Why not {@link java.util.zip.GZIPInputStream}: after a member it reads on only if the next
 * bytes look like another member, and otherwise stops as if the stream had ended, so anything
 * appended to an archive was accepted unseen. Here the stream ends exactly at the end of the last
 * member; bytes after it, zeros included, are {@link TrailingBytes}.
 *
 * <p>Concatenated members are accepted: they are one stream by the gzip format (section 2.2),
 * {@code gzip -d} and GNU tar read them so, and {@code cat a.gz b.gz} or parallel compressors
 * write them. Each member is checked on its own.
 */
final class GzipStream extends InputStream {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xE0;

    /** Bytes after the last gzip member. */
    static final class TrailingBytes extends IOException {
        TrailingBytes(String message) {
            super(message);
        }
    }

    private final byte[] in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private int memberStart;
    private long memberSize;
    private boolean done;

    /** @throws ZipException when the bytes do not start with a gzip member */
    GzipStream(byte[] in) throws IOException {
        this.in = in;
        if (in.length < 2 || !magicAt(0)) {
            inflater.end();
            throw new ZipException("not in gzip format");
        }
        try {
            startMember(0);
        } catch (IOException e) {
            inflater.end();
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!done) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException("invalid deflate data in the gzip member at byte " + memberStart + " ("
                        + e.getMessage() + ")");
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberSize += n;
                return n;
            }
            if (inflater.finished()) {
                endMember();
            } else if (inflater.needsDictionary()) {
                throw new ZipException("the gzip member at byte " + memberStart + " asks for a preset dictionary");
            } else if (inflater.needsInput()) {
                throw new EOFException("the gzip stream ends inside a member");
            }
        }
        return -1;
    }

    @Override
    public void close() {
        inflater.end();
    }

    private void startMember(int at) throws IOException {
        memberStart = at;
        need(at, 10);
        if ((in[at + 2] & 0xFF) != 8) {
            throw new ZipException("gzip compression method " + (in[at + 2] & 0xFF) + " is not deflate");
        }
        int flags = in[at + 3] & 0xFF;
        if ((flags & RESERVED) != 0) {
            throw new ZipException("reserved gzip header flags are set");
        }
        int p = at + 10;
        if ((flags & FEXTRA) != 0) {
            need(p, 2);
            p += 2 + ((in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8);
        }
        if ((flags & FNAME) != 0) {
            p = afterZero(p);
        }
        if ((flags & FCOMMENT) != 0) {
            p = afterZero(p);
        }
        if ((flags & FHCRC) != 0) {
            need(p, 2);
            CRC32 header = new CRC32();
            header.update(in, at, p - at);
            if ((header.getValue() & 0xFFFF) != ((in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8)) {
                throw new ZipException("corrupt gzip header (header CRC mismatch)");
            }
            p += 2;
        }
        need(p, 0);
        inflater.reset();
        inflater.setInput(in, p, in.length - p);
        crc.reset();
        memberSize = 0;
    }

    private void endMember() throws IOException {
        int trailer = in.length - inflater.getRemaining();
        need(trailer, 8);
        if (le32(trailer) != crc.getValue()) {
            throw new ZipException("corrupt gzip stream (CRC mismatch in the member at byte " + memberStart + ")");
        }
        if (le32(trailer + 4) != (memberSize & 0xFFFFFFFFL)) {
            throw new ZipException("corrupt gzip stream (length mismatch in the member at byte " + memberStart + ")");
        }
        int next = trailer + 8;
        if (next == in.length) {
            done = true;
        } else if (in.length - next >= 2 && magicAt(next)) {
            startMember(next);
        } else {
            throw new TrailingBytes(describe(next) + " after the gzip stream, at byte " + next
                    + " (only further gzip members may follow one)");
        }
    }

    private String describe(int from) {
        int count = in.length - from;
        boolean zeros = true;
        StringBuilder hex = new StringBuilder();
        for (int i = from; i < in.length; i++) {
            zeros &= in[i] == 0;
            if (i - from < 16) {
                hex.append(hex.length() == 0 ? "" : " ").append(String.format("%02x", in[i] & 0xFF));
            }
        }
        String bytes = count == 1 ? "1 byte" : count + " bytes";
        if (zeros) {
            return count == 1 ? "1 zero byte" : count + " zero bytes";
        }
        return bytes + " (" + hex + (count > 16 ? " ..." : "") + ")";
    }

    private boolean magicAt(int at) {
        return (in[at] & 0xFF) == 0x1f && (in[at + 1] & 0xFF) == 0x8b;
    }

    private int afterZero(int p) throws EOFException {
        int at = p;
        while (at < in.length && in[at] != 0) {
            at++;
        }
        need(at, 1);
        return at + 1;
    }

    private void need(int at, int n) throws EOFException {
        if (at < 0 || (long) at + n > in.length) {
            throw new EOFException("the gzip stream ends inside a member's header or trailer");
        }
    }

    private long le32(int at) {
        return ((in[at] & 0xFF) | (in[at + 1] & 0xFF) << 8 | (in[at + 2] & 0xFF) << 16 | (long) (in[at + 3] & 0xFF) << 24);
    }
}
