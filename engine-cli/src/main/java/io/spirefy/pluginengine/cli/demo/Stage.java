package io.spirefy.pluginengine.cli.demo;

import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginEngine;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What every demo story stands on: an engine, the folder of its archives, and where it prints. */
abstract class Stage {

    final PluginEngine engine;
    final Path dir;
    final PrintStream out;

    Stage(PluginEngine engine, Path dir, PrintStream out) {
        this.engine = engine;
        this.dir = dir;
        this.out = out;
    }

    /** The archives ({@code NAME.tar.gz}) of {@code names} missing from {@code dir}, by file name. */
    static List<String> missing(Path dir, List<String> names) {
        return names.stream().map(n -> n + ".tar.gz").filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
    }

    void step(int n, String title) {
        out.println(n + ". " + title);
    }

    void load(String archiveName) {
        Path archive = dir.resolve(archiveName + ".tar.gz");
        LoadResult r = engine.load(archive);
        if (r.loaded().isEmpty()) {
            throw new DemoException("could not load " + archive + ": " + r.problems());
        }
    }

    String call(String plugin, String function, String input) {
        try {
            return new String(engine.call(plugin, function, input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (PluginCallException e) {
            throw new DemoException(plugin + " " + function + " was expected to succeed: " + e.getMessage());
        }
    }
}
