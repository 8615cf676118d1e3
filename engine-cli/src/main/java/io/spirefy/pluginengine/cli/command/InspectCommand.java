package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.cli.output.InspectReport;
import io.spirefy.pluginengine.cli.output.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

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
    TrustOptions trust;

    @Mixin
    GrantOptions grants;

    @Mixin
    CacheOptions cache;

    @Mixin
    PluginPaths plugins;

    @Option(names = "--json", description = "Print JSON instead of tables.")
    boolean json;

    @Override
    public Integer call() {
        Io io = root.io();
        try (EngineSession session = EngineSession.open(plugins.runtime(), EngineLimits.DEFAULTS, plugins.paths(), cache.codeCache(), this::configure)) {
            InspectReport report = InspectReport.of(session.engine(), session.problems());
            if (json) {
                io.out().println(Json.pretty(report.toJsonTree()));
            } else {
                report.printText(io.out());
            }
            if (session.nothingLoaded()) {
                io.err().println("inspect: " + session.whyNothingLoaded());
                return CliException.USAGE;
            }
            return 0;
        }
    }

    /** The engine options every command that loads plugins shares. */
    private void configure(PluginEngine.Builder builder) {
        trust.apply(builder);
        grants.apply(builder);
    }
}
