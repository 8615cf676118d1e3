package io.spirefy.pluginengine.core.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a tar.gz of plain files: ustar headers, and a pax {@code path} record before a file whose
 * name does not fit the 100 bytes of a ustar name. Only what {@link TarGzReader} reads back; used
 * to write a signed copy of an archive.
 */
final class TarGzWriter implements AutoCloseable {

    private static final int BLOCK = 512;
    private static final int NAME_BYTES = 100;

    private final GZIPOutputStream out;

    TarGzWriter(OutputStream target) throws IOException {
        this.out = new GZIPOutputStream(target, 64 * 1024);
    }

    void file(String name, byte[] data) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > NAME_BYTES) {
            String record = "path=" + name + "\n";
            int length = record.getBytes(StandardCharsets.UTF_8).length;
            // The record's length counts its own digits and the space after them.
            int total = length + 1 + String.valueOf(length).length();
            if (String.valueOf(total).length() != String.valueOf(length).length()) total++;
            byte[] pax = (total + " " + record).getBytes(StandardCharsets.UTF_8);
            entry("PaxHeader/" + Math.abs(name.hashCode()), 'x', pax);
            entry(name.substring(name.lastIndexOf('/') + 1), '0', data);
        } else {
            entry(name, '0', data);
        }
    }

    private void entry(String name, char type, byte[] data) throws IOException {
        byte[] header = new byte[BLOCK];
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(nameBytes, 0, header, 0, Math.min(nameBytes.length, NAME_BYTES));
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, data.length);
        octal(header, 136, 12, 0);
        header[156] = (byte) type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
        header[263] = '0';
        header[264] = '0';
        for (int i = 148; i < 156; i++) header[i] = ' ';
        long sum = 0;
        for (byte b : header) sum += b & 0xFF;
        octal(header, 148, 7, sum);
        out.write(header);
        out.write(data);
        int pad = (BLOCK - data.length % BLOCK) % BLOCK;
        out.write(new byte[pad]);
    }

    /** {@code width - 1} octal digits and a NUL. */
    private static void octal(byte[] header, int at, int width, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(width - 1 - digits.length()) + digits;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, header, at, width - 1);
        header[at + width - 1] = 0;
    }

    @Override
    public void close() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.close();
    }
}
