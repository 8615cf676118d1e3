package io.spirefy.pluginengine.core.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A zip writer for tests that writes whatever it is given: duplicate names, empty names, names
 * with backslashes or NULs, which {@link java.util.zip.ZipOutputStream} refuses. Records are
 * otherwise correct (sizes, CRCs, offsets), so the reader's checks past the names are reached.
 */
final class RawZip {

    private RawZip() {
    }

    /** @param entries {name, bytes, ...} in order; names ending in '/' are directories */
    static byte[] write(List<Object[]> entries, boolean stored) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        int count = 0;
        for (Object[] e : entries) {
            byte[] name = ((String) e[0]).getBytes(StandardCharsets.UTF_8);
            byte[] data = (byte[]) e[1];
            CRC32 crc = new CRC32();
            crc.update(data);
            boolean deflate = !stored && data.length > 0;
            byte[] packed = deflate ? deflate(data) : data;
            int offset = out.size();
            offsets.add(offset);
            // local header
            le32(out, 0x04034b50);
            le16(out, 20);
            le16(out, 0x0800); // UTF-8 names
            le16(out, deflate ? 8 : 0);
            le16(out, 0);
            le16(out, 0x21);
            le32(out, (int) crc.getValue());
            le32(out, packed.length);
            le32(out, data.length);
            le16(out, name.length);
            le16(out, 0);
            out.writeBytes(name);
            out.writeBytes(packed);
            // central record
            le32(central, 0x02014b50);
            le16(central, 0x0314); // made by unix
            le16(central, 20);
            le16(central, 0x0800);
            le16(central, deflate ? 8 : 0);
            le16(central, 0);
            le16(central, 0x21);
            le32(central, (int) crc.getValue());
            le32(central, packed.length);
            le32(central, data.length);
            le16(central, name.length);
            le16(central, 0);
            le16(central, 0);
            le16(central, 0);
            le16(central, 0);
            le32(central, (((String) e[0]).endsWith("/") ? 040755 : 0100644) << 16);
            le32(central, offset);
            central.writeBytes(name);
            count++;
        }
        int cdOffset = out.size();
        out.writeBytes(central.toByteArray());
        le32(out, 0x06054b50);
        le16(out, 0);
        le16(out, 0);
        le16(out, count);
        le16(out, count);
        le32(out, central.size());
        le32(out, cdOffset);
        le16(out, 0);
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!d.finished()) out.write(buf, 0, d.deflate(buf));
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        le16(out, v & 0xFFFF);
        le16(out, (v >>> 16) & 0xFFFF);
    }
}
