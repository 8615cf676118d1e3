package io.spirefy.pluginengine.api;

import java.util.Objects;

/**
 * One line of a plugin's own output (contract section 5), as the engine hands it to
 * {@link EngineReporter#guestOutput}: a message it logged through Extism's {@code log_*}
 * functions, or a line it wrote to WASI stdout or stderr.
 *
 * @param pluginRef {@code id@version} of the plugin that wrote it
 * @param source    where the plugin wrote it
 * @param level     the level it logged at; {@code INFO} for stdout, {@code WARNING} for stderr;
 *                  {@code WARNING} for the engine's own note that output was dropped
 * @param text      the line, without its line break
 */
public record GuestLine(String pluginRef, Source source, System.Logger.Level level, String text) {

    /** Where a line came from. */
    public enum Source {
        /** Extism's {@code log_*} kernel functions. */
        LOG,
        /** WASI stdout (file descriptor 1). */
        STDOUT,
        /** WASI stderr (file descriptor 2). */
        STDERR,
        /** The engine: what it dropped past the per-call bound ({@code ...N more bytes dropped}). */
        ENGINE
    }

    /**
     * Checks that nothing is missing.
     *
     * @param pluginRef {@code id@version} of the plugin that wrote it
     * @param source    where the plugin wrote it
     * @param level     the level it logged at
     * @param text      the line, without its line break
     */
    public GuestLine {
        Objects.requireNonNull(pluginRef, "pluginRef");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(text, "text");
    }

    /**
     * The plugin's id: {@link #pluginRef} without its version.
     *
     * @return the id, e.g. {@code org.example.greeter}
     */
    public String pluginId() {
        int at = pluginRef.indexOf('@');
        return at < 0 ? pluginRef : pluginRef.substring(0, at);
    }

    /** {@code <ref> <source>: <text>}, e.g. {@code org.example.greeter@1.0.0 stderr: panic: boom}. */
    @Override
    public String toString() {
        return pluginRef + " " + source.name().toLowerCase(java.util.Locale.ROOT) + ": " + text;
    }
}
