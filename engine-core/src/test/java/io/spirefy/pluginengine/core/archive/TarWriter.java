package io.spirefy.pluginengine.core.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** A tiny ustar writer for tests, able to write what real tar tools write and what attackers write. */
public final class TarWriter {

    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    public TarWriter file(String name, byte[] data) {
        return entry(name, '0', data, "");
    }

    TarWriter file(String name, String text) {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    public TarWriter dir(String name) {
        return entry(name, '5', new byte[0], "");
    }

    TarWriter link(String name, char type, String target) {
        return entry(name, type, new byte[0], target);
    }

    /** A GNU long-name ('L') entry followed by the file under a truncated name. */
    TarWriter gnuLongName(String name, byte[] data) {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        entry("././@LongLink", 'L', nameBytes, "");
        return entry(name.substring(0, 99), '0', data, "");
    }

    /** A pax ('x') header giving the path, followed by the file under a placeholder name. */
    TarWriter paxPath(String path, byte[] data) {
        String body = " path=" + path + "\n";
        int len = body.length() + 1;
        while (len != body.length() + String.valueOf(len).length()) {
            len = body.length() + String.valueOf(len).length();
        }
        entry("PaxHeaders/x", 'x', (len + body).getBytes(StandardCharsets.UTF_8), "");
        return entry("placeholder", '0', data, "");
    }

    TarWriter entry(String name, char type, byte[] data, String linkName) {
        tar.writeBytes(header(name, type, data.length, linkName));
        tar.writeBytes(data);
        tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
        return this;
    }

    /** One ustar header block with its checksum, for a writer that streams the data itself. */
    static byte[] header(String name, char type, long size, String linkName) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, "0000644");
        put(h, 108, 8, "0000000");
        put(h, 116, 8, "0000000");
        put(h, 124, 12, String.format("%011o", size));
        put(h, 136, 12, "00000000000");
        put(h, 148, 8, "        ");
        h[156] = (byte) type;
        put(h, 157, 100, linkName);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        long sum = 0;
        for (byte b : h) sum += b & 0xFF;
        put(h, 148, 8, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    /** The entries written so far, without the end-of-archive marker. */
    byte[] entriesOnly() {
        return tar.toByteArray();
    }

    /** The tar stream with its end-of-archive marker. */
    public byte[] tar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(tar.toByteArray());
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    byte[] tgz() {
        return gzip(tar());
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void put(byte[] h, int off, int len, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        if (b.length > len) throw new IllegalArgumentException("field too long: " + value);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
