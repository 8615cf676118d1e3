package io.spirefy.pluginengine.cli.command;

/**
 * A command could not do its job. Its message is the one line the user sees on stderr; the exit
 * code is the documented one for that kind of failure.
 */
public final class CliException extends RuntimeException {

    /** Bad usage, an unknown plugin, function, anchor or event, or nothing could be loaded. */
    public static final int USAGE = 2;
    /** The plugin call itself failed. */
    public static final int FAILED = 1;

    private final int exitCode;

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
}
