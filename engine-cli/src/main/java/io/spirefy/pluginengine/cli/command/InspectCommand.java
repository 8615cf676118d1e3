package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.cli.console.ConsolePage;
import io.spirefy.pluginengine.cli.console.GraphSvg;
import io.spirefy.pluginengine.cli.console.MetricsJson;
import io.spirefy.pluginengine.cli.output.InspectReport;
import io.spirefy.pluginengine.cli.output.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code inspect}: what the plugins declare and how it resolved, without running any plugin code
 * (the engine is not started, so plugins show as LOADED or RESOLVED). Bad sources are listed
 * under problems; exit 2 only when no plugin could be loaded, with the errors on stderr.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "List plugins, anchors, hooks (and what they resolved to), events, listeners and problems.")
final class InspectCommand implements Callable<Integer> {

    @ParentCommand
    PluginEngineCommand root;

    @Mixin
    EngineOptions options;

    @Mixin
    PluginPaths plugins;

    /** What inspect writes. */
    enum Format { text, json, svg, html }

    @Option(names = "--json", description = "Print JSON instead of tables (the same as --format json).")
    boolean json;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (tables), json, svg (the graph of anchors and hooks, events and listeners) or html"
                    + " (the console's page with this snapshot in it). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path out;

    @Override
    public Integer call() {
        Io io = root.io();
        Format chosen = json ? Format.json : format;
        try (EngineSession session = options.open(io, plugins.runtime(), EngineLimits.DEFAULTS, plugins.paths())) {
            InspectReport report = InspectReport.of(session.engine(), session.problems());
            String text = switch (chosen) {
                case text -> {
                    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                    report.printText(new PrintStream(buffer, true, StandardCharsets.UTF_8));
                    yield buffer.toString(StandardCharsets.UTF_8);
                }
                case json -> Json.pretty(report.toJsonTree()) + System.lineSeparator();
                case svg -> GraphSvg.render(session.engine());
                case html -> ConsolePage.snapshot(report.toJsonTree(), MetricsJson.of(session.engine().metrics()),
                        GraphSvg.render(session.engine()), Instant.now()).html();
            };
            write(io, text);
            if (session.nothingLoaded()) {
                io.err().println("inspect: " + session.whyNothingLoaded());
                return CliException.USAGE;
            }
            return 0;
        }
    }

    private void write(Io io, String text) {
        if (out == null) {
            io.out().print(text);
            return;
        }
        try {
            Files.writeString(out, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(CliException.USAGE, "--out " + out + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** The engine options every command that loads plugins shares. */
}
