package io.spirefy.pluginengine.core.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A path a plugin names inside its data folder, checked as text before the file system is
 * touched: relative, {@code /} between folders, no {@code ..}, no backslash, no control
 * characters, not the engine's own temporary files. {@code .} and repeated slashes are dropped.
 */
final class DataPath {

    /** The prefix of the engine's temporary files in a data folder; plugins cannot name them. */
    static final String TEMP_PREFIX = ".pluginengine-tmp-";

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
        for (String s : path.split("/")) {
            if (s.equals("..")) return "contains a '..' segment; paths may not leave the plugin's data folder";
            if (s.startsWith(TEMP_PREFIX)) return "names one of the engine's temporary files";
        }
        return null;
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
