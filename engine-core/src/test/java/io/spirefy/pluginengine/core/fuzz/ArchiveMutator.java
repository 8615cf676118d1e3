package io.spirefy.pluginengine.core.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a valid plugin archive into a damaged or hostile one, in two layers: the structure (entry
 * names, duplicates, missing or extra manifests and modules, many entries, a bomb, pax records,
 * a mutated manifest) and then the bytes (header fields set to boundary values, flips,
 * truncation, insertion, deletion). Tar headers are mutated before gzip and usually get their
 * checksum fixed, so the mutation reaches the parser behind the checksum instead of stopping at it.
 */
final class ArchiveMutator {

    enum Format { ZIP_DEFLATED, ZIP_STORED, TAR_GZ }

    /** One archive to feed the reader: its name decides the format, as in the engine. */
    record Sample(String name, byte[] bytes) {
    }

    private static final String[] NAMES = {
        "../evil.txt", "/etc/passwd", "a\\b.txt", "C:/x.txt", "c:x", "", ".", "./", "./plugin.yaml",
        "a//b.txt", "dir/", "x/../../y", "nul\u0000.txt", "é/ü.wasm", "plugin.wasm/", "other/plugin.yaml",
        "plugin.yml", "root/plugin.yaml", "root/../plugin.yaml", "./././a", "a/./b", "..", "...", "a/..",
        "x".repeat(150), "d/".repeat(60) + "deep.txt", "extra.wasm", "PLUGIN.YAML", " plugin.yaml",
    };

    private static final String[] YAML_TOKENS = {
        "\n", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "<<: *a\n", "!!binary ", "!!str ", "? ", "'", "\"",
        "\\u0000", "\t", "---\n", "...\n", "%YAML 1.2\n", "id: ", "version: ", "hooks:\n  - ", "~", "0x7fffffff",
        "99999999999999999999999", "1.0.0-+", "\uFEFF", "\u0085", "#", "|\n", ">-\n", "[[[[[[[[", "{{{{{{",
    };

    private static final long[] BOUNDARY = {
        0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0xFFFF, 0x10000, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFEL, 0xFFFFFFFFL,
    };

    private final Choices c;

    ArchiveMutator(Choices choices) {
        this.c = choices;
    }

    Sample next() {
        Format format = c.pick(Format.values());
        List<Object[]> entries = structure();
        byte[] bytes;
        String name;
        switch (format) {
            case TAR_GZ -> {
                byte[] tar = tar(entries);
                int rounds = c.nextInt(4);
                for (int i = 0; i < rounds; i++) tar = mutateTar(tar);
                bytes = Seeds.gzip(tar);
                if (c.chance(8)) bytes = mutateBytes(bytes);
                name = c.chance(2) ? "fuzz.tar.gz" : "fuzz.tgz";
            }
            default -> {
                bytes = zip(entries, format == Format.ZIP_STORED);
                int rounds = c.nextInt(4);
                for (int i = 0; i < rounds; i++) bytes = mutateZip(bytes);
                name = "fuzz.zip";
            }
        }
        return new Sample(name, bytes);
    }

    // ---- structure ------------------------------------------------------------------------------

    /** Entries as {name, bytes, type} where type is the tar type flag ('0' file, '5' dir, 'x' pax...). */
    private List<Object[]> structure() {
        List<Object[]> entries = new ArrayList<>();
        String folder = c.chance(2) ? "" : "root/";
        if (!folder.isEmpty() && c.chance(2)) entries.add(new Object[] {folder, new byte[0], '5'});
        for (Map.Entry<String, byte[]> e : Seeds.plugin(folder).entrySet()) {
            entries.add(new Object[] {e.getKey(), e.getValue(), '0'});
        }
        int changes = c.nextInt(4);
        for (int i = 0; i < changes; i++) {
            switch (c.nextInt(9)) {
                case 0 -> entries.get(c.nextInt(entries.size()))[0] = c.pick(NAMES);
                case 1 -> entries.add(new Object[] {c.pick(NAMES), bytes("x"), '0'});
                case 2 -> entries.add(entries.get(c.nextInt(entries.size())).clone()); // a duplicate
                case 3 -> entries.remove(c.nextInt(entries.size()));
                case 4 -> entries.add(new Object[] {folder + "second.wasm", Seeds.WASM, '0'});
                case 5 -> {
                    int n = 90 + c.nextInt(30);
                    for (int k = 0; k < n; k++) entries.add(new Object[] {folder + "many/" + k, new byte[0], '0'});
                }
                case 6 -> entries.add(new Object[] {folder + "bomb.bin", new byte[(192 << 10) + c.nextInt(128 << 10)], '0'});
                case 7 -> entries.add(0, new Object[] {"pax", pax(), c.chance(4) ? 'g' : 'x'});
                default -> mutateManifest(entries);
            }
            if (entries.isEmpty()) break;
        }
        return entries;
    }

    private byte[] pax() {
        String[] records = {
            "20 path=evil/../x\n", "13 size=-1\n", "30 size=99999999999999999999\n", "99999999999999999999 path=x\n",
            "3 a\n", "12 size=abc\n", "11 noequals\n", "0 \n", "16 path=/abs.txt\n", "5 x=\n", "-4 path=x\n",
            "18 path=plugin.wasm\n", "12 size=100\n",
        };
        StringBuilder s = new StringBuilder();
        int n = 1 + c.nextInt(3);
        for (int i = 0; i < n; i++) s.append(c.pick(records));
        return bytes(s.toString());
    }

    private void mutateManifest(List<Object[]> entries) {
        for (Object[] e : entries) {
            if (((String) e[0]).endsWith("plugin.yaml")) {
                String text = new String((byte[]) e[1], StandardCharsets.UTF_8);
                int rounds = 1 + c.nextInt(4);
                for (int i = 0; i < rounds; i++) {
                    int at = c.nextInt(text.length() + 1);
                    switch (c.nextInt(3)) {
                        case 0 -> text = text.substring(0, at) + c.pick(YAML_TOKENS) + text.substring(at);
                        case 1 -> text = text.substring(0, at);
                        default -> text = text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + c.nextInt(20)));
                    }
                }
                e[1] = c.chance(6) ? mutateBytes(bytes(text)) : bytes(text);
                return;
            }
        }
    }

    // ---- serialization --------------------------------------------------------------------------

    private static byte[] zip(List<Object[]> entries, boolean stored) {
        // ZipOutputStream refuses duplicates and empty names: write those with the raw writer.
        return RawZip.write(entries, stored);
    }

    private static byte[] tar(List<Object[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object[] e : entries) {
            byte[] data = (byte[]) e[1];
            String name = (String) e[0];
            char type = (Character) e[2];
            if (type == '0' && name.endsWith("/")) type = '5';
            if (name.getBytes(StandardCharsets.UTF_8).length > 100 && type == '0') {
                byte[] longName = bytes(name + "\0");
                out.writeBytes(Seeds.tarHeader("././@LongLink", 'L', longName.length));
                out.writeBytes(longName);
                out.writeBytes(new byte[(512 - longName.length % 512) % 512]);
            }
            out.writeBytes(Seeds.tarHeader(name, type, data.length));
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    // ---- bytes --------------------------------------------------------------------------------

    private byte[] mutateTar(byte[] tar) {
        int headers = tar.length / 512;
        if (headers == 0) return mutateBytes(tar);
        int at = 512 * c.nextInt(headers);
        byte[] out = tar.clone();
        switch (c.nextInt(6)) {
            case 0 -> octal(out, at + 124, 12); // size
            case 1 -> out[at + 156] = (byte) c.pick(new Character[] {'0', '1', '2', '3', '4', '5', '6', '7', 'L', 'K', 'x', 'g', 'S', 'V', 'M', '\0', 'Z'}).charValue();
            case 2 -> {
                byte[] n = bytes(c.pick(NAMES));
                java.util.Arrays.fill(out, at, at + 100, (byte) 0);
                System.arraycopy(n, 0, out, at, Math.min(100, n.length));
            }
            case 3 -> { // ustar prefix, only read with the POSIX magic
                byte[] p = bytes(c.pick(NAMES));
                System.arraycopy(p, 0, out, at + 345, Math.min(155, p.length));
            }
            case 4 -> octal(out, at + 148, 8); // checksum itself
            default -> {
                return mutateBytes(out);
            }
        }
        if (!c.chance(5)) Seeds.fixTarChecksum(out, at);
        return out;
    }

    private void octal(byte[] h, int off, int len) {
        java.util.Arrays.fill(h, off, off + len, (byte) 0);
        switch (c.nextInt(5)) {
            case 0 -> { // base-256, possibly "negative"
                h[off] = (byte) (0x80 | (c.chance(2) ? 0x40 : 0) | c.nextInt(0x40));
                for (int i = 1; i < len; i++) h[off + i] = (byte) c.nextInt(256);
            }
            case 1 -> put(h, off, "7".repeat(len - 1));
            case 2 -> put(h, off, " 12x4 ");
            case 3 -> put(h, off, Long.toOctalString(BOUNDARY[c.nextInt(BOUNDARY.length)]));
            default -> put(h, off, Long.toOctalString(c.nextInt(4096)));
        }
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = bytes(s);
        System.arraycopy(b, 0, h, off, b.length);
    }

    /** Zip: most often a field of a real record (sizes, offsets, counts, name lengths). */
    private byte[] mutateZip(byte[] zip) {
        List<Integer> fields = new ArrayList<>();
        for (int i = 0; i + 4 <= zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K') {
                int sig = zip[i + 2] << 8 | zip[i + 3];
                int[] offs = switch (sig) {
                    case 0x0102 -> new int[] {4, 8, 10, 16, 20, 24, 28, 30, 32, 34, 38, 40, 42};
                    case 0x0304 -> new int[] {6, 8, 14, 18, 22, 26, 28};
                    case 0x0506 -> new int[] {4, 6, 8, 10, 12, 16, 20};
                    default -> new int[0];
                };
                for (int o : offs) fields.add(i + o);
            }
        }
        if (fields.isEmpty() || c.chance(4)) return mutateBytes(zip);
        byte[] out = zip.clone();
        int at = fields.get(c.nextInt(fields.size()));
        long v = c.chance(4) ? zip.length + c.nextInt(3) - 1 : BOUNDARY[c.nextInt(BOUNDARY.length)];
        int width = c.chance(2) ? 2 : 4;
        for (int i = 0; i < width && at + i < out.length; i++) out[at + i] = (byte) (v >>> (8 * i));
        return out;
    }

    byte[] mutateBytes(byte[] in) {
        if (in.length == 0) return new byte[] {(byte) c.nextInt(256)};
        int at = c.nextInt(in.length);
        switch (c.nextInt(5)) {
            case 0 -> {
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << c.nextInt(8));
                return out;
            }
            case 1 -> {
                byte[] out = in.clone();
                out[at] = (byte) c.nextInt(256);
                return out;
            }
            case 2 -> {
                return java.util.Arrays.copyOf(in, at);
            }
            case 3 -> {
                int n = 1 + c.nextInt(16);
                byte[] out = new byte[in.length + n];
                System.arraycopy(in, 0, out, 0, at);
                for (int i = 0; i < n; i++) out[at + i] = (byte) c.nextInt(256);
                System.arraycopy(in, at, out, at + n, in.length - at);
                return out;
            }
            default -> {
                int n = Math.min(in.length - at, 1 + c.nextInt(16));
                byte[] out = new byte[in.length - n];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + n, out, at, in.length - at - n);
                return out;
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
