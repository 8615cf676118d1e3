package io.spirefy.pluginengine.api;

import java.util.Objects;

/**
 * Something wrong with a plugin source, reported to the host rather than thrown, so that one bad
 * archive never stops the others.
 *
 * @param severity whether it prevented loading
 * @param source   the archive or directory, e.g. {@code plugins/greeter.tgz}
 * @param keyPath  where in the source: a manifest key path ({@code hooks[2].func}), an archive
 *                 entry, or {@code null}
 * @param message  what was found and what was expected
 */
public record Problem(Severity severity, String source, String keyPath, String message) {

    /** How bad a problem is. */
    public enum Severity {
        /** The source was loaded anyway (e.g. an unknown manifest key when not strict). */
        WARNING,
        /** The source, or the part named, was not loaded. */
        ERROR
    }

    /**
     * Checks that the problem says where and what.
     *
     * @param severity whether it prevented loading
     * @param source   the archive or directory, e.g. {@code plugins/greeter.tgz}
     * @param keyPath  where in the source: a manifest key path ({@code hooks[2].func}), an archive
     *                 entry, or {@code null}
     * @param message  what was found and what was expected
     * @throws NullPointerException without a severity, a source or a message
     */
    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    /**
     * A problem that prevented loading.
     *
     * @param source  the archive or directory
     * @param keyPath where in the source, or {@code null}
     * @param message what was found and what was expected
     * @return the problem
     */
    public static Problem error(String source, String keyPath, String message) {
        return new Problem(Severity.ERROR, source, keyPath, message);
    }

    /**
     * A problem that did not prevent loading.
     *
     * @param source  the archive or directory
     * @param keyPath where in the source, or {@code null}
     * @param message what was found and what was expected
     * @return the problem
     */
    public static Problem warning(String source, String keyPath, String message) {

        return new Problem(Severity.WARNING, source, keyPath, message);
    }

    @Override
    public String toString() {
        return source + (keyPath == null ? "" : ": " + keyPath) + ": " + message;
    }
}
