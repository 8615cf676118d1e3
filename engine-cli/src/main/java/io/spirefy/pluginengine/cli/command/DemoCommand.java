package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.cli.demo.DemoException;
import io.spirefy.pluginengine.cli.demo.DemoStory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code demo}: runs the example plugins shipped in the image ({@code plugins/demo}, found through
 * the {@code pluginengine.home} system property the launcher sets) through {@link DemoStory}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the bundled example plugins through a short story: anchors, hooks, versions, events, failures.")
final class DemoCommand implements Callable<Integer> {

    /** Set by the launcher to the image's root. */
    static final String HOME_PROPERTY = "pluginengine.home";
    /** Overrides where the demo's archives are (the build and the tests use it). */
    static final String PLUGINS_PROPERTY = "pluginengine.demoPlugins";

    @ParentCommand
    PluginEngineCommand root;

    @Option(names = "--plugins", paramLabel = "DIR", description = "Where the demo's archives are (default: the image's plugins/demo).")
    Path dir;

    @Option(names = "--runtime", paramLabel = "NAME", description = "The WebAssembly runtime: chicory or extism. Default: the best one available.")
    String runtime;

    @Override
    public Integer call() {
        Io io = root.io();
        Path plugins = demoDir();
        List<String> missing = DemoStory.missing(plugins);
        if (!missing.isEmpty()) {
            throw new CliException(CliException.USAGE, "the demo's plugins are not in " + plugins + ": missing " + String.join(", ", missing));
        }
        try (EngineSession session = EngineSession.open(runtime, EngineLimits.DEFAULTS, List.of())) {
            new DemoStory(session.engine(), plugins, io.out()).run();
            return 0;
        } catch (DemoException e) {
            io.out().flush();
            throw new CliException(CliException.FAILED, "the demo went wrong: " + e.getMessage(), e);
        }
    }

    private Path demoDir() {
        if (dir != null) return dir;
        String explicit = System.getProperty(PLUGINS_PROPERTY);
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank() && Files.isDirectory(Path.of(home, "plugins", "demo"))) {
            return Path.of(home, "plugins", "demo");
        }
        throw new CliException(CliException.USAGE, "no demo plugins here: run the demo from the plugin-engine image, or give --plugins DIR");
    }
}
