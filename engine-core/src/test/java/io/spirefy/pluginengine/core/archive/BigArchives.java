package io.spirefy.pluginengine.core.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the archives of issue 12's memory attack: valid plugins inside every per-archive limit
 * whose one asset unpacks to 250 MiB at about 94:1 (32 random bytes in every 4 KiB, the rest
 * zeros), so each archive is under 3 MB. The asset is compressed once and reused by every archive,
 * which differ only in the plugin id: a zip copies the deflated asset, a tar.gz appends it as a
 * second gzip member (legal gzip, which the reader accepts).
 */
public final class BigArchives {

    static final String ASSET = "assets/big.bin";
    static final long ASSET_SIZE = 250L << 20;
    private static final int BLOCK = 4096;
    private static final int RANDOM_PER_BLOCK = 32;

    private final byte[] deflated;
    private final long crc;
    private final byte[] gzipMember;

    BigArchives() throws IOException {
        CRC32 check = new CRC32();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try (OutputStream rawOut = new DeflaterOutputStream(raw, deflater, 1 << 16);
             OutputStream gzOut = new GZIPOutputStream(gz, 1 << 16)) {
            Random random = new Random(12);
            byte[] block = new byte[BLOCK];
            byte[] noise = new byte[RANDOM_PER_BLOCK];
            for (long done = 0; done < ASSET_SIZE; done += BLOCK) {
                random.nextBytes(noise);
                System.arraycopy(noise, 0, block, 0, noise.length);
                check.update(block);
                rawOut.write(block);
                gzOut.write(block);
            }
            // The tar end-of-archive marker closes the stream the asset's data ends.
            gzOut.write(new byte[1024]);
        } finally {
            deflater.end();
        }
        this.deflated = raw.toByteArray();
        this.crc = check.getValue();
        this.gzipMember = gz.toByteArray();
    }

    /** Writes the eight archives of the attack (four zip, four tar.gz) into the folder {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        new BigArchives().writeEight(Files.createDirectories(Path.of(args[0])));
    }

    void writeEight(Path dir) throws IOException {
        for (int n = 0; n < 4; n++) zip(dir, n);
        for (int n = 4; n < 8; n++) tgz(dir, n);
    }

    static byte[] manifest(String id) {
        return ("id: " + id + "\nversion: 1.0.0\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code bomb-<n>.zip}, plugin id {@code org.example.bomb<n>}. */
    Path zip(Path dir, int n) throws IOException {
        ZipBuilder zip = new ZipBuilder();
        zip.stored("plugin.yaml", manifest("org.example.bomb" + n));
        zip.stored("bomb.wasm", Fixtures.WASM);
        zip.deflated(ASSET, deflated, ASSET_SIZE, crc);
        Path file = dir.resolve("bomb-" + n + ".zip");
        Files.write(file, zip.finish());
        return file;
    }

    /** {@code bomb-<n>.tgz}, plugin id {@code org.example.bomb<n>}. */
    Path tgz(Path dir, int n) throws IOException {
        TarWriter head = new TarWriter().file("plugin.yaml", manifest("org.example.bomb" + n))
                .file("bomb.wasm", Fixtures.WASM);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.writeBytes(head.entriesOnly());
        tar.writeBytes(TarWriter.header(ASSET, '0', ASSET_SIZE, ""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(TarWriter.gzip(tar.toByteArray()));
        out.writeBytes(gzipMember);
        Path file = dir.resolve("bomb-" + n + ".tgz");
        Files.write(file, out.toByteArray());
        return file;
    }

    /** A zip writer taking data already deflated; no ZIP64 (every size here is below 4 GiB). */
    private static final class ZipBuilder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream central = new ByteArrayOutputStream();
        private int count;

        void stored(String name, byte[] data) {
            CRC32 c = new CRC32();
            c.update(data);
            entry(name, 0, data, data.length, c.getValue());
        }

        void deflated(String name, byte[] data, long size, long crc) {
            entry(name, 8, data, size, crc);
        }

        private void entry(String name, int method, byte[] data, long size, long crc) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            int offset = out.size();
            le32(out, 0x04034b50);
            le16(out, 20);
            le16(out, 0);
            le16(out, method);
            le32(out, 0); // time and date
            le32(out, (int) crc);
            le32(out, data.length);
            le32(out, (int) size);
            le16(out, n.length);
            le16(out, 0);
            out.writeBytes(n);
            out.writeBytes(data);
            le32(central, 0x02014b50);
            le16(central, 20);
            le16(central, 20);
            le16(central, 0);
            le16(central, method);
            le32(central, 0);
            le32(central, (int) crc);
            le32(central, data.length);
            le32(central, (int) size);
            le16(central, n.length);
            le16(central, 0);
            le16(central, 0);
            le16(central, 0);
            le16(central, 0);
            le32(central, 0);
            le32(central, offset);
            central.writeBytes(n);
            count++;
        }

        byte[] finish() {
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

        private static void le16(ByteArrayOutputStream o, int v) {
            o.write(v);
            o.write(v >>> 8);
        }

        private static void le32(ByteArrayOutputStream o, int v) {
            le16(o, v);
            le16(o, v >>> 16);
        }
    }
}
