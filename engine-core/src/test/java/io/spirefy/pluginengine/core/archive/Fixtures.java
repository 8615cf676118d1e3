package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveLimits;
import io.spirefy.pluginengine.api.Problem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Archive builders and assertions shared by the archive tests; every archive is built in memory. */
public final class Fixtures {

    /** The smallest valid module header; the archive reader never compiles it. */
    static final byte[] WASM = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

    private Fixtures() {
    }

    static SourceLoader loader() {
        return loader(ArchiveLimits.DEFAULTS);
    }

    static SourceLoader loader(ArchiveLimits limits) {
        return new SourceLoader(limits, List.of(new KeyValueFormat()), false);
    }

    static byte[] manifest(String... extraLines) {
        StringBuilder s = new StringBuilder("id: org.example.greeter\nversion: 1.0.0\n");
        for (String line : extraLines) s.append(line).append('\n');
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Alternating names and contents ({@code byte[]} or {@code String}), in order. */
    static Map<String, byte[]> entries(Object... nameThenContent) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            Object c = nameThenContent[i + 1];
            m.put((String) nameThenContent[i], c instanceof String s ? text(s) : (byte[]) c);
        }
        return m;
    }

    /** A minimal valid plugin: manifest and module at the root. */
    static Map<String, byte[]> plugin(Object... more) {
        Map<String, byte[]> m = entries("plugin.yaml", manifest(), "greeter.wasm", WASM);
        m.putAll(entries(more));
        return m;
    }

    static byte[] zip(Map<String, byte[]> entries) {
        return zip(entries, ZipEntry.DEFLATED);
    }

    public static byte[] zip(Map<String, byte[]> entries, int method) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setMethod(method);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (method == ZipEntry.STORED) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(e.getValue());
                    entry.setSize(e.getValue().length);
                    entry.setCompressedSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] tgz(Map<String, byte[]> entries) {
        TarWriter tar = new TarWriter();
        entries.forEach(tar::file);
        return tar.tgz();
    }

    /**
     * Gives a zip entry a unix mode in its central-directory record (ZipOutputStream cannot), as
     * {@code zip -y} does for a symlink.
     */
    static byte[] withUnixMode(byte[] zip, String name, int mode) {
        byte[] out = zip.clone();
        byte[] nameBytes = text(name);
        for (int at = 0; at + 46 < out.length; at++) {
            if (le32(out, at) == 0x02014b50 && le16(out, at + 28) == nameBytes.length
                    && java.util.Arrays.equals(out, at + 46, at + 46 + nameBytes.length, nameBytes, 0, nameBytes.length)) {
                out[at + 5] = 3; // made by: unix
                long attrs = ((long) mode << 16);
                for (int i = 0; i < 4; i++) out[at + 38 + i] = (byte) (attrs >>> (8 * i));
                return out;
            }
        }
        throw new IllegalArgumentException("no central record for " + name);
    }

    /** Replaces every occurrence of a name (same length) in local and central headers. */
    static byte[] renamed(byte[] zip, String from, String to) {
        byte[] a = text(from);
        byte[] b = text(to);
        if (a.length != b.length) throw new IllegalArgumentException("same length only");
        byte[] out = zip.clone();
        for (int at = 0; at + a.length <= out.length; at++) {
            if (java.util.Arrays.equals(out, at, at + a.length, a, 0, a.length)) {
                System.arraycopy(b, 0, out, at, b.length);
            }
        }
        return out;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The one error of a rejected source, after checking that nothing loaded. */
    static Problem onlyError(SourceLoader.Loaded loaded) {
        assertThat(loaded.plugins()).as("plugins of a rejected source").isEmpty();
        assertThat(loaded.problems()).hasSize(1);
        Problem p = loaded.problems().get(0);
        assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
        return p;
    }

    /** Asserts the rejection names the source and the entry, in its fields and in its text. */
    static void assertNames(Problem p, String source, String entry) {
        assertThat(p.source()).isEqualTo(source);
        assertThat(p.keyPath()).isEqualTo(entry);
        assertThat(p.toString()).contains(source).contains(entry);
    }

    private static int le16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int le32(byte[] b, int at) {
        return le16(b, at) | le16(b, at + 2) << 16;
    }
}
