package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.core.HookJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code hooks}: the JSON array that the host function {@code GetHooks} gives a plugin asking for
 * this anchor (its highest loaded version), byte for byte. The engine is started first, so that
 * plugins whose start fails drop out as they would for a plugin.
 */
@Command(name = "hooks", mixinStandardHelpOptions = true,
        description = "Print the hooks resolved to ANCHOR_ID, in call order, as GetHooks returns them (JSON).")
final class HooksCommand implements Callable<Integer> {

    @ParentCommand
    PluginEngineCommand root;

    @Mixin
    EngineOptions options;

    @Mixin
    PluginPaths plugins;

    @Parameters(index = "0", paramLabel = "ANCHOR_ID", description = "The anchor's id.")
    String anchorId;

    @Override
    public Integer call() {
        Io io = root.io();
        try (EngineSession session = options.open(io, plugins.runtime(), EngineLimits.DEFAULTS, plugins.paths())) {
            session.requireSomethingLoaded(io, "hooks");
            session.engine().start();
            if (session.engine().anchors().stream().noneMatch(a -> a.anchor().id().equals(anchorId))) {
                throw new CliException(CliException.USAGE, "no loaded plugin declares anchor " + anchorId);
            }
            io.out().println(new String(HookJson.toJson(session.engine().hooks(anchorId)), StandardCharsets.UTF_8));
            io.out().flush();
            return 0;
        }
    }

    /** The engine options every command that loads plugins shares. */
}
