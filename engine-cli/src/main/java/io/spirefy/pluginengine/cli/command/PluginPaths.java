package io.spirefy.pluginengine.cli.command;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** {@code --plugins PATH}, repeatable: an archive, an unpacked plugin, or a directory of them. */
public final class PluginPaths {

    @Option(names = "--plugins", paramLabel = "PATH", required = true,
            description = "A plugin archive (.zip, .tar.gz, .tgz), an unpacked plugin directory, or a directory of them. Repeatable.")
    List<Path> paths;

    @Option(names = "--runtime", paramLabel = "NAME",
            description = "The WebAssembly runtime: chicory or extism. Default: the best one available.")
    String runtime;

    public List<Path> paths() {
        return paths;
    }

    public String runtime() {
        return runtime;
    }
}
