package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.cli.demo.DemoException;
import io.spirefy.pluginengine.cli.demo.DemoStory;
import io.spirefy.pluginengine.cli.demo.LanguagesStory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code demo}: runs the example plugins shipped in the image ({@code plugins/demo}, found through
 * the {@code pluginengine.home} system property the launcher sets) through {@link DemoStory}; with
 * {@code --languages}, the cross-language examples ({@code plugins/examples}) through
 * {@link LanguagesStory}. The two are separate because the Go examples take seconds to compile,
 * which the default demo must not pay.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the bundled example plugins through a short story: anchors, hooks, versions, events, failures.",
                "With --languages: plugins written in Go, C and AssemblyScript working together."})
final class DemoCommand implements Callable<Integer> {

    /** Set by the launcher to the image's root. */
    static final String HOME_PROPERTY = "pluginengine.home";
    /** Overrides where the demo's archives are (the build and the tests use it). */
    static final String PLUGINS_PROPERTY = "pluginengine.demoPlugins";
    /** Overrides where the cross-language examples are (the tests use it). */
    static final String EXAMPLES_PROPERTY = "pluginengine.examplePlugins";

    @ParentCommand
    PluginEngineCommand root;

    @Mixin
    EngineOptions options;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Where the demo's archives are (default: the image's plugins/demo, or plugins/examples with --languages).")
    Path dir;

    @Option(names = "--languages", description = "Tell the cross-language story instead: a Go anchor with C, AssemblyScript and Go hooks, and a Go listener.")
    boolean languages;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "bob",
            description = "Whom the --languages story greets (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--runtime", paramLabel = "NAME", description = "The WebAssembly runtime: chicory or extism. Default: the best one available.")
    String runtime;

    @Override
    public Integer call() {
        return languages ? languages(root.io()) : classic(root.io());
    }

    private int classic(Io io) {
        Path plugins = demoDir("demo", PLUGINS_PROPERTY);
        List<String> missing = DemoStory.missing(plugins);
        if (!missing.isEmpty()) {
            throw new CliException(CliException.USAGE, "the demo's plugins are not in " + plugins + ": missing " + String.join(", ", missing));
        }
        try (EngineSession session = options.open(io, runtime, EngineLimits.DEFAULTS, List.of())) {
            new DemoStory(session.engine(), plugins, io.out()).run();
            io.out().println();
            io.out().println("Next: plugin-engine demo --languages  (plugins in Go, C and AssemblyScript working together)");
            return 0;
        } catch (DemoException e) {
            io.out().flush();
            throw new CliException(CliException.FAILED, "the demo went wrong: " + e.getMessage(), e);
        }
    }

    private int languages(Io io) {
        Path plugins = demoDir("examples", EXAMPLES_PROPERTY);
        List<String> missing = LanguagesStory.missing(plugins);
        if (!missing.isEmpty()) {
            throw new CliException(CliException.USAGE, "the example plugins are not in " + plugins + ": missing " + String.join(", ", missing));
        }
        try (EngineSession session = options.open(io, runtime, EngineLimits.DEFAULTS, List.of())) {
            new LanguagesStory(session.engine(), plugins, name, io.out()).run();
            return 0;
        } catch (DemoException e) {
            io.out().flush();
            throw new CliException(CliException.FAILED, "the demo went wrong: " + e.getMessage(), e);
        }
    }

    /** --plugins, else the system property, else the image's plugins/FOLDER. */
    private Path demoDir(String folder, String property) {
        if (dir != null) return dir;
        String explicit = System.getProperty(property);
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank() && Files.isDirectory(Path.of(home, "plugins", folder))) {
            return Path.of(home, "plugins", folder);
        }
        throw new CliException(CliException.USAGE, "no " + (languages ? "example" : "demo")
                + " plugins here: run the demo from the plugin-engine image, or give --plugins DIR");
    }

    /** The engine options every command that loads plugins shares. */
}
