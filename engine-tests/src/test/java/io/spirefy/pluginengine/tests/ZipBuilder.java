package io.spirefy.pluginengine.tests;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a zip by hand, so that one entry compressed once (a 250 MiB asset deflated to a few MB)
 * can go into many archives without compressing it again; java.util.zip cannot take an entry's
 * compressed bytes as they are.
 */
final class ZipBuilder {

    /** An entry's data as it goes into the archive. */
    record Deflated(byte[] compressed, long crc, long size) {

        static Deflated of(byte[] data) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            while (!deflater.finished()) out.write(buf, 0, deflater.deflate(buf));
            deflater.end();
            CRC32 crc = new CRC32();
            crc.update(data);
            return new Deflated(out.toByteArray(), crc.getValue(), data.length);
        }
    }

    private record Entry(String name, Deflated data, int offset) {
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Entry> entries = new ArrayList<>();

    ZipBuilder add(String name, byte[] data) {
        return add(name, Deflated.of(data));
    }

    ZipBuilder add(String name, Deflated data) {
        if (data.size() >= 0xffffffffL || data.compressed().length >= 0xffffffffL) throw new IllegalArgumentException("no ZIP64 here");
        Entry e = new Entry(name, data, out.size());
        entries.add(e);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int32(0x04034b50);
        int16(20);
        int16(0x0800);            // names are UTF-8
        int16(8);                 // deflated
        int16(0);                 // 00:00
        int16(0x21);              // 1980-01-01
        int32((int) data.crc());
        int32(data.compressed().length);
        int32((int) data.size());
        int16(n.length);
        int16(0);
        out.writeBytes(n);
        out.writeBytes(data.compressed());
        return this;
    }

    byte[] build() {
        int directory = out.size();
        for (Entry e : entries) {
            byte[] n = e.name().getBytes(StandardCharsets.UTF_8);
            int32(0x02014b50);
            int16(20);
            int16(20);
            int16(0x0800);
            int16(8);
            int16(0);
            int16(0x21);
            int32((int) e.data().crc());
            int32(e.data().compressed().length);
            int32((int) e.data().size());
            int16(n.length);
            int16(0);
            int16(0);
            int16(0);
            int16(0);
            int32(0);
            int32(e.offset());
            out.writeBytes(n);
        }
        int size = out.size() - directory;
        int32(0x06054b50);
        int16(0);
        int16(0);
        int16(entries.size());
        int16(entries.size());
        int32(size);
        int32(directory);
        int16(0);
        return out.toByteArray();
    }

    private void int16(int v) {
        out.write(v);
        out.write(v >>> 8);
    }

    private void int32(int v) {
        int16(v & 0xffff);
        int16(v >>> 16);
    }
}
