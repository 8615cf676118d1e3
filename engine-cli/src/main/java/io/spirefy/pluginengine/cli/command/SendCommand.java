package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.cli.output.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code send}: sends an event as the host and prints how many listeners completed and how many
 * failed. Failing listeners are the plugins' business, not the command's: it still exits 0, and
 * names each failure on stderr.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Send EVENT_ID as the host to every resolved listener; print {\"delivered\":N,\"failed\":M}.")
final class SendCommand implements Callable<Integer> {

    @ParentCommand
    PluginEngineCommand root;

    @Mixin
    EngineOptions options;

    @Mixin
    PluginPaths plugins;

    @Option(names = "--input", paramLabel = "TEXT", description = "The event's payload, as UTF-8 text.")
    String input = "";

    @Parameters(index = "0", paramLabel = "EVENT_ID", description = "The event's id.")
    String eventId;

    @Override
    public Integer call() {
        Io io = root.io();
        try (EngineSession session = options.open(io, plugins.runtime(), EngineLimits.DEFAULTS, plugins.paths())) {
            session.requireSomethingLoaded(io, "send");
            session.engine().start();
            DeliveryReport report;
            try {
                report = session.engine().sendEvent(eventId, input.getBytes(StandardCharsets.UTF_8));
            } catch (PluginCallException e) {
                int code = e.failure() == CallFailure.NOT_FOUND ? CliException.USAGE : CliException.FAILED;
                throw new CliException(code, e.getMessage(), e);
            }
            for (DeliveryReport.ListenerFailure f : report.failures()) {
                io.err().println("send: listener " + f.listenerRef() + " failed: " + EngineSession.oneLine(f.error().getMessage()));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("delivered", report.delivered());
            out.put("failed", report.failures().size());
            io.out().println(Json.compact(out));
            io.out().flush();
            return 0;
        }
    }

    /** The engine options every command that loads plugins shares. */
}
