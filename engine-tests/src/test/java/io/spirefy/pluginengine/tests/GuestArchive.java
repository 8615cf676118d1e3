package io.spirefy.pluginengine.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The files of one guest built by scripts/build-guests, to repackage as a variant: another
 * manifest, or an asset too large to build ahead (made by the test instead).
 */
final class GuestArchive {

    private final Map<String, byte[]> files;

    private GuestArchive(Map<String, byte[]> files) {
        this.files = files;
    }

    /** Reads {@code <guest>.tar.gz} (ustar, one top-level folder) into its files, folder stripped. */
    static GuestArchive of(String guest) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(TestPlugins.archive(guest)))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 345, 155) + field(header, 0, 100);
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                byte[] data = in.readNBytes((int) size);
                in.readNBytes((int) ((512 - size % 512) % 512));
                if (header[156] == '0' || header[156] == 0) files.put(name.substring(name.indexOf('/') + 1), data);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading guest " + guest, e);
        }
        return new GuestArchive(files);
    }

    byte[] file(String path) {
        byte[] data = files.get(path);
        if (data == null) throw new IllegalArgumentException("no " + path + " in " + files.keySet());
        return data;
    }

    String manifest() {
        return new String(file("plugin.yaml"), StandardCharsets.UTF_8);
    }

    /** A zip holding these files with the manifest replaced. */
    ZipBuilder toZip(String manifest) {
        ZipBuilder zip = new ZipBuilder();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            zip.add(f.getKey(), f.getKey().equals("plugin.yaml") ? manifest.getBytes(StandardCharsets.UTF_8) : f.getValue());
        }
        return zip;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) end++;
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
