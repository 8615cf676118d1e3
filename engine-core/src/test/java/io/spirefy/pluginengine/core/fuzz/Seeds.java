package io.spirefy.pluginengine.core.fuzz;

import io.spirefy.pluginengine.core.archive.Fixtures;
import io.spirefy.pluginengine.core.archive.TarWriter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;

/**
 * Valid plugin archives built in memory, the starting points of every mutation, and the raw
 * writers the mutators use to build structurally odd ones (hostile names, lying headers).
 */
final class Seeds {

    /** A tiny but real module: the header and one empty type section. */
    static final byte[] WASM = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00};

    static final String MANIFEST = """
            id: org.example.fuzz
            version: 1.0.0
            wasm: plugin.wasm
            anchors:
              - id: fuzz.anchor
                version: 1.0.0
            hooks:
              - id: h
                anchorId: fuzz.anchor
                func: h
                metadata: {a: [1, 2]}
            events:
              - id: fuzz.event
            listeners:
              - eventId: fuzz.event
                func: on
            """;

    private Seeds() {
    }

    /** The entries of a valid plugin, under {@code folder} ("" for the archive root). */
    static Map<String, byte[]> plugin(String folder) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(folder + "plugin.yaml", MANIFEST.getBytes(StandardCharsets.UTF_8));
        m.put(folder + "plugin.wasm", WASM);
        m.put(folder + "data/asset.txt", "an asset".getBytes(StandardCharsets.UTF_8));
        return m;
    }

    /** The archive writers of the archive tests, so that seeds are built exactly as their fixtures are. */
    static byte[] zip(Map<String, byte[]> entries, boolean stored) {
        return Fixtures.zip(entries, stored ? ZipEntry.STORED : ZipEntry.DEFLATED);
    }

    /** A ustar stream (not yet gzipped) with its end marker. */
    static byte[] tar(Map<String, byte[]> entries) {
        TarWriter tar = new TarWriter();
        entries.forEach((name, data) -> {
            if (name.endsWith("/")) tar.dir(name);
            else tar.file(name, data);
        });
        return tar.tar();
    }

    static byte[] tarHeader(String name, char type, long size) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        fixTarChecksum(h, 0);
        return h;
    }

    /** Recomputes the checksum of the tar header at {@code at}, so a mutated header gets past it. */
    static void fixTarChecksum(byte[] tar, int at) {
        if (at < 0 || at + 512 > tar.length) return;
        Arrays.fill(tar, at + 148, at + 156, (byte) ' ');
        long sum = 0;
        for (int i = at; i < at + 512; i++) sum += tar[i] & 0xFF;
        byte[] digits = String.format("%06o", sum & 0777777).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, tar, at + 148, 6);
        tar[at + 154] = 0;
        tar[at + 155] = ' ';
    }

    static byte[] gzip(byte[] data) {
        return TarWriter.gzip(data);
    }

    private static void put(byte[] h, int off, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
