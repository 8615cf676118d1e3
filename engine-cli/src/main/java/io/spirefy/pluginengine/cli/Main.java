package io.spirefy.pluginengine.cli;

import io.spirefy.pluginengine.cli.command.CliException;
import io.spirefy.pluginengine.cli.command.EngineSession;
import io.spirefy.pluginengine.cli.command.Io;
import io.spirefy.pluginengine.cli.command.PluginEngineCommand;
import io.spirefy.pluginengine.cli.command.Subcommands;
import io.spirefy.pluginengine.cli.text.DurationParser;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The entry point of {@code plugin-engine}. {@link #run} is the whole CLI without the process
 * around it, so that tests drive it in-process.
 *
 * <p>Exit codes: 0 done; 1 the plugin call failed; 2 usage errors, an unknown plugin, function,
 * anchor or event, or no path could be read. Failures are one line on stderr; stack traces only
 * with {@code --verbose}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Plugin output is bytes: write them unchanged, and text as UTF-8 whatever the platform's default.
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line; returns its exit code. Never throws for bad input. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new PluginEngineCommand(new Io(out, err)));
        // Before the settings below: picocli applies them to the subcommands present at that moment.
        Subcommands.addTo(cli, args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.registerConverter(Duration.class, text -> {
            try {
                return DurationParser.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        });
        cli.setParameterExceptionHandler((e, rawArgs) -> {
            CommandLine failed = e.getCommandLine();
            String name = failed.getCommandSpec().qualifiedName();
            failed.getErr().println(name + ": " + EngineSession.oneLine(e.getMessage()) + " (see '" + name + " --help')");
            return CliException.USAGE;
        });
        cli.setExecutionExceptionHandler((e, failed, parseResult) -> {
            PrintWriter w = failed.getErr();
            String name = failed.getCommandSpec().qualifiedName();
            int code = e instanceof CliException c ? c.exitCode() : CliException.FAILED;
            String message = e instanceof CliException ? e.getMessage() : e.toString();
            w.println(name + ": " + EngineSession.oneLine(message));
            if (e instanceof CliException c) c.details().forEach(line -> w.println("  " + line));
            if (verbose(parseResult)) e.printStackTrace(w);
            w.flush();
            return code;
        });
        int code = cli.execute(args);
        out.flush();
        return code;
    }

    private static boolean verbose(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }
}
