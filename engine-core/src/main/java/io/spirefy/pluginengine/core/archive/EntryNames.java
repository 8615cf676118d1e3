package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveException;

import java.util.Optional;

/**
 * The one place where entry names are normalized and judged (contract section 2), so zip, tar and
 * unpacked directories, and {@link PluginFiles#read}, agree on what a name means.
 *
 * <p>Normal form: segments joined by {@code /}, no leading {@code ./} (it is not a top-level
 * folder), no empty or {@code .} segments, no trailing {@code /}. The root itself ({@code ./} or
 * {@code .}) normalizes to the empty string, which callers skip.
 */
final class EntryNames {

    private EntryNames() {
    }

    /**
     * Normalizes an entry name or throws naming the archive and the entry as written.
     *
     * @throws ArchiveException for a backslash, a NUL, an absolute path (also {@code C:...}) or a
     *                          {@code ..} segment
     */
    static String normalize(String source, String raw) {
        String why = whyBad(raw);
        if (why != null) {
            throw new ArchiveException(source, raw, why);
        }
        return strip(raw);
    }

    /** The normal form, or empty when the name is not one a plugin may use; never throws. */
    static Optional<String> tryNormalize(String raw) {
        if (raw == null || whyBad(raw) != null) {
            return Optional.empty();
        }
        String n = strip(raw);
        return n.isEmpty() ? Optional.empty() : Optional.of(n);
    }

    private static String whyBad(String raw) {
        if (raw.indexOf('\\') >= 0) {
            return "backslashes are not allowed in entry names (use '/')";
        }
        if (raw.indexOf('\0') >= 0) {
            return "NUL characters are not allowed in entry names";
        }
        if (raw.startsWith("/")) {
            return "absolute paths are not allowed (expected a path relative to the archive root)";
        }
        // A drive letter would make the path absolute on Windows once unpacked.
        if (raw.length() >= 2 && raw.charAt(1) == ':' && Character.isLetter(raw.charAt(0))) {
            return "absolute paths (drive letters) are not allowed";
        }
        for (String segment : raw.split("/", -1)) {
            if (segment.equals("..")) {
                return "'..' segments are not allowed (the entry would point outside the archive)";
            }
        }
        return null;
    }

    private static String strip(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (String segment : raw.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(segment);
        }
        return out.toString();
    }
}
