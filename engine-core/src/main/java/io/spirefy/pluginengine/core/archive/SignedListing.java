package io.spirefy.pluginengine.core.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text a publisher signs (docs/CONTRACT.md, "Signatures"): a version line, then one line per
 * file, {@code <sha256 hex> <path>}, sorted by the path's bytes. Exactly one byte sequence stands
 * for one set of files, so any tool that hashes the same files writes the same text.
 *
 * <p>Paths are escaped so that a line is always one file: {@code %} and the control characters
 * (bytes 0x00-0x1F, 0x7F) become {@code %XX}; everything else is the path's UTF-8 as it is.
 */
final class SignedListing {

    static final String HEADER = "pluginengine-files 1";
    private static final int HEX_LENGTH = 64;

    private SignedListing() {
    }

    /** The canonical text of these files: path (relative to the manifest's folder) to SHA-256. */
    static byte[] text(Map<String, byte[]> sha256ByPath) {
        TreeMap<byte[], byte[]> sorted = new TreeMap<>(Arrays::compareUnsigned);
        sha256ByPath.forEach((path, digest) -> sorted.put(escape(path), digest));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
        sorted.forEach((path, digest) -> {
            out.writeBytes(HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII));
            out.write(' ');
            out.writeBytes(path);
            out.write('\n');
        });
        return out.toByteArray();
    }

    /**
     * The files a canonical text lists: path to lower-case hex SHA-256, in the text's order.
     *
     * @throws IllegalArgumentException saying how the text is not canonical
     */
    static Map<String, String> parse(byte[] text) {
        String header = HEADER + "\n";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        if (text.length < head.length || !Arrays.equals(text, 0, head.length, head, 0, head.length)) {
            throw new IllegalArgumentException("the file list does not start with '" + HEADER + "'");
        }
        if (text[text.length - 1] != '\n') {
            throw new IllegalArgumentException("the file list does not end with a line break");
        }
        Map<String, String> files = new LinkedHashMap<>();
        byte[] previous = null;
        int line = 1;
        for (int at = head.length; at < text.length; ) {
            line++;
            int end = at;
            while (text[end] != '\n') end++;
            if (end - at < HEX_LENGTH + 2 || text[at + HEX_LENGTH] != ' ') {
                throw new IllegalArgumentException("line " + line + " of the file list is not '<sha256 hex> <path>'");
            }
            String hex = new String(text, at, HEX_LENGTH, StandardCharsets.US_ASCII);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("line " + line + " of the file list has no lower-case hex SHA-256");
            }
            byte[] escaped = Arrays.copyOfRange(text, at + HEX_LENGTH + 1, end);
            if (previous != null && Arrays.compareUnsigned(previous, escaped) >= 0) {
                throw new IllegalArgumentException("line " + line + " of the file list is out of order or repeats a path");
            }
            previous = escaped;
            files.put(unescape(escaped, line), hex);
            at = end + 1;
        }
        return files;
    }

    static byte[] escape(String path) {
        byte[] raw = path.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (byte b : raw) {
            if (b == '%' || (b >= 0 && b < 0x20) || b == 0x7F) {
                out.writeBytes(String.format("%%%02X", b).getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static String unescape(byte[] escaped, int line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(escaped.length);
        for (int i = 0; i < escaped.length; i++) {
            byte b = escaped[i];
            if ((b >= 0 && b < 0x20) || b == 0x7F) {
                throw new IllegalArgumentException("line " + line + " of the file list has an unescaped control character");
            }
            if (b != '%') {
                out.write(b);
                continue;
            }
            if (i + 2 >= escaped.length) {
                throw new IllegalArgumentException("line " + line + " of the file list ends inside a %XX escape");
            }
            String hex = new String(escaped, i + 1, 2, StandardCharsets.US_ASCII);
            if (!hex.matches("[0-9A-F]{2}")) {
                throw new IllegalArgumentException("line " + line + " of the file list has a bad escape '%" + hex + "'");
            }
            out.write(Integer.parseInt(hex, 16));
            i += 2;
        }
        byte[] raw = out.toByteArray();
        // The escape form is canonical too: what it decodes to must escape back to the same bytes.
        String path = new String(raw, StandardCharsets.UTF_8);
        if (!Arrays.equals(escape(path), escaped)) {
            throw new IllegalArgumentException("line " + line + " of the file list escapes a path in a form that is not canonical");
        }
        return path;
    }
}
