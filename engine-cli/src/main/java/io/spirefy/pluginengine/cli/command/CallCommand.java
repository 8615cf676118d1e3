package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.cli.output.StatsReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code call}: starts the engine and calls one export of one plugin, writing its output bytes to
 * stdout as they are. A failing call exits 1 with the plugin's own message on stderr.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = "Call FUNCTION of plugin PLUGIN_ID (id or id@version) and write its output to stdout.")
final class CallCommand implements Callable<Integer> {

    /** The line before a trap's last stderr lines in its message (engine-core's CallFailures). */
    private static final String STDERR_TAIL = "the last lines it wrote to stderr:";

    @ParentCommand
    PluginEngineCommand root;

    @Mixin
    EngineOptions options;

    @Mixin
    PluginPaths plugins;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Wall-clock limit of the call and of everything it calls, and of each plugin's start and stop, e.g. 500ms, 2s (default 5s).")
    Duration timeout;

    @Option(names = "--stats", description = "After the call, print what each plugin cost on stderr: compile and instantiate time, "
            + "and per function calls, failures by kind and latency.")
    boolean stats;

    @ArgGroup(exclusive = true)
    Input input;

    static final class Input {
        @Option(names = "--input", paramLabel = "TEXT", description = "The call's input, as UTF-8 text.")
        String text;

        @Option(names = "--input-file", paramLabel = "FILE", description = "The call's input: the bytes of FILE.")
        Path file;
    }

    @Parameters(index = "0", paramLabel = "PLUGIN_ID", description = "The plugin: id, or id@version.")
    String plugin;

    @Parameters(index = "1", paramLabel = "FUNCTION", description = "The exported function to call.")
    String function;

    @Override
    public Integer call() {
        Io io = root.io();
        byte[] in = readInput();
        // The timeout bounds the whole tree of calls beneath the one asked for, not just each of
        // them: a plugin looping over CallHook must not keep the command running.
        EngineLimits limits = timeout == null ? EngineLimits.DEFAULTS
                : EngineLimits.DEFAULTS.withCallTimeout(timeout).withCallTreeDeadline(timeout);
        try (EngineSession session = options.open(io, plugins.runtime(), limits, plugins.paths())) {
            session.requireSomethingLoaded(io, "call");
            session.engine().start();
            byte[] result;
            try {
                result = session.engine().call(plugin, function, in);
            } catch (PluginCallException e) {
                if (stats) StatsReport.print(session.engine().metrics(), io.err());
                if (e.failure() == CallFailure.NOT_FOUND) {
                    throw new CliException(CliException.USAGE, e.getMessage(), e);
                }
                // A plugin error is the plugin's own error_set text, for scripts to read as is;
                // other failures (trap, timeout...) need the plugin, function and kind to make sense.
                // The first line says what happened, alike on every runtime; a trap's last stderr lines
                // follow (a Go panic's message), its backtrace only with --verbose.
                String message = e.failure() == CallFailure.PLUGIN_ERROR ? e.detail() : e.getMessage();
                List<String> lines = message.lines().toList();
                int stderr = lines.indexOf(STDERR_TAIL);
                // With --guest-output showing stderr, those lines are on the screen already.
                boolean tail = stderr >= 0 && !options.showsGuestStderr();
                throw new CliException(CliException.FAILED, lines.isEmpty() ? "" : lines.get(0), e)
                        .withDetails(tail ? lines.subList(stderr, lines.size()) : List.of());
            }
            io.out().write(result, 0, result.length);
            io.out().flush();
            if (stats) StatsReport.print(session.engine().metrics(), io.err());
            return 0;
        }
    }

    private byte[] readInput() {
        if (input == null) return new byte[0];
        if (input.text != null) return input.text.getBytes(StandardCharsets.UTF_8);
        try {
            return Files.readAllBytes(input.file);
        } catch (IOException e) {
            throw new CliException(CliException.USAGE, "cannot read input file " + input.file + ": " + e.getMessage(), e);
        }
    }

    /** The engine options every command that loads plugins shares. */
}
