package io.spirefy.pluginengine.core.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A path a plugin names inside its data folder, checked as text before the file system is
 * touched: relative, {@code /} between folders, no {@code ..}, no backslash, no control
 * characters, not the engine's own temporary files, and bounded in length and depth so that one
 * request cannot build a deep tree of folders (the quota counts bytes, not folders) or fail half
 * way on a name the file system refuses. {@code .} and repeated slashes are dropped.
 */
final class DataPath {

    /** The prefix of the engine's temporary files in a data folder; plugins cannot name them. */
    static final String TEMP_PREFIX = ".pluginengine-tmp-";

    /** What any common file system takes as one name. */
    static final int MAX_SEGMENT_BYTES = 255;
    /** Far below PATH_MAX once the data root is in front. */
    static final int MAX_PATH_BYTES = 1024;
    static final int MAX_DEPTH = 32;

    private DataPath() {
    }

    /** @throws DataFailure naming the path and what is wrong with it */
    static List<String> segments(String path) {
        String why = whyBad(path);
        if (why != null) throw new DataFailure("path '" + printable(path) + "' " + why);
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty() && !s.equals(".")) segments.add(s);
        }
        if (segments.isEmpty()) throw new DataFailure("path '" + path + "' names no file");
        return segments;
    }

    private static String whyBad(String path) {
        if (path.isEmpty()) return "is empty";
        if (path.startsWith("/") || path.matches("[A-Za-z]:.*")) return "is absolute; paths are relative to the plugin's data folder";
        if (path.indexOf('\\') >= 0) return "contains a backslash; use '/' between folders";
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < ' ' || c == 0x7f) return "contains a control character";
        }
        if (utf8Length(path) > MAX_PATH_BYTES) return "is longer than " + MAX_PATH_BYTES + " bytes";
        int depth = 0;
        for (String s : path.split("/")) {
            if (s.equals("..")) return "contains a '..' segment; paths may not leave the plugin's data folder";
            if (s.startsWith(TEMP_PREFIX)) return "names one of the engine's temporary files";
            if (utf8Length(s) > MAX_SEGMENT_BYTES) return "has a name longer than " + MAX_SEGMENT_BYTES + " bytes";
            if (!s.isEmpty() && !s.equals(".")) depth++;
        }
        if (depth > MAX_DEPTH) return "is deeper than " + MAX_DEPTH + " names";
        return null;
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static String printable(String path) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < path.length() && b.length() < 200; i++) {
            char c = path.charAt(i);
            if (c < ' ' || c == 0x7f) b.append(String.format("\\u%04x", (int) c)); else b.append(c);
        }
        return b.toString();
    }
}
