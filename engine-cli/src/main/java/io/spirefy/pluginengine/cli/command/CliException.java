package io.spirefy.pluginengine.cli.command;

/**
 * A command could not do its job. Its message is the one line the user sees on stderr, followed by
 * its {@link #details()}, each on a line of its own, indented; the exit code is the documented one
 * for that kind of failure.
 */
public final class CliException extends RuntimeException {

    /** Bad usage, an unknown plugin, function, anchor or event, or nothing could be loaded. */
    public static final int USAGE = 2;
    /** The plugin call itself failed. */
    public static final int FAILED = 1;

    private final int exitCode;
    private java.util.List<String> details = java.util.List.of();

    public CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Lines shown under the message (e.g. what a trapping plugin last wrote to stderr). */
    public java.util.List<String> details() {
        return details;
    }

    public CliException withDetails(java.util.List<String> lines) {
        this.details = java.util.List.copyOf(lines);
        return this;
    }
}
