package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.GuestLine;
import picocli.CommandLine.Option;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code --guest-output LEVEL}: which lines of the plugins' own output (their {@code log_*} calls,
 * WASI stdout and stderr; contract section 5) the command prints on stderr. Off by default, like
 * the Extism CLI's logs: stdout carries only the result and stderr only the command's own lines,
 * for scripts that read them. Stdout lines count as {@code info}, stderr lines as {@code warn}.
 */
public final class GuestOutputOptions {

    static final String LEVELS = "off, error, warn, info, debug, trace, all";

    @Option(names = "--guest-output", paramLabel = "LEVEL",
            description = {"Print the plugins' own output on stderr, from LEVEL up: " + LEVELS + " (default off).",
                    "Each line starts with the plugin's id@version and where it came from: log <level>, stdout or stderr."})
    String level = "off";

    /** What the plugins write, printed on {@code io}'s stderr from the chosen level up; null when off. */
    Consumer<GuestLine> printer(Io io) {
        Level threshold = parse(level);
        if (threshold == Level.OFF) return null;
        return line -> {
            if (line.level().getSeverity() >= threshold.getSeverity()) io.err().println(format(line));
        };
    }

    /** Whether the lines a plugin writes to stderr are printed: the tail of a trap's error would repeat them. */
    boolean showsStderr() {
        Level threshold = parse(level);
        return threshold != Level.OFF && Level.WARNING.getSeverity() >= threshold.getSeverity();
    }

    static String format(GuestLine line) {
        String where = switch (line.source()) {
            case LOG -> "log " + name(line.level());
            case STDOUT -> "stdout";
            case STDERR -> "stderr";
            case ENGINE -> "engine";
        };
        return line.pluginRef() + " " + where + ": " + line.text();
    }

    private static String name(Level level) {
        return level == Level.WARNING ? "warn" : level.name().toLowerCase(Locale.ROOT);
    }

    /** @throws CliException of {@link CliException#USAGE} for a level not in {@link #LEVELS} */
    static Level parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "off", "none" -> Level.OFF;
            case "error" -> Level.ERROR;
            case "warn", "warning" -> Level.WARNING;
            case "info" -> Level.INFO;
            case "debug" -> Level.DEBUG;
            case "trace" -> Level.TRACE;
            case "all" -> Level.ALL;
            default -> throw new CliException(CliException.USAGE, "--guest-output " + text + ": expected one of " + LEVELS);
        };
    }
}
