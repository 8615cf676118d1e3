package io.spirefy.pluginengine.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code plugin-engine}: the top command. It does nothing itself (picocli reports a missing
 * subcommand as a usage error) but holds what every subcommand shares. Its subcommands are added by
 * {@link Subcommands}, not listed here: a one-shot command needs only its own picocli model built.
 */
@Command(name = "plugin-engine",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Loads WebAssembly plugins (Extism ABI) and shows how their anchors, hooks, events and listeners connect.",
        footer = {"", "Exit codes: 0 done, 1 the plugin call failed (verify: the signature does not hold; sign: the archive cannot be signed),",
                "2 usage error, unknown plugin/function/anchor/event, or nothing could be loaded."})
public final class PluginEngineCommand {

    private final Io io;

    // Read from the parse result by the exception handler; declared here so that it is accepted everywhere.
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces of failures.")
    boolean verbose;

    public PluginEngineCommand(Io io) {
        this.io = io;
    }

    Io io() {
        return io;
    }
}
