package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.CodeCache;
import io.spirefy.pluginengine.cli.cache.CacheFolder;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** {@code --cache DIR} and {@code --no-cache}: where compiled plugin code is kept between runs, if anywhere. */
public final class CacheOptions {

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Keep compiled plugin code in DIR between runs. Default: $XDG_CACHE_HOME/plugin-engine, else ~/.cache/plugin-engine.")
    Path dir;

    @Option(names = "--no-cache", description = "Compile every plugin afresh: no compiled code is read or kept.")
    boolean off;

    /** The folder in use: {@code --cache}, else the default; empty with {@code --no-cache} or when there is no home folder. */
    Optional<Path> folder() {
        if (off && dir != null) throw new CliException(CliException.USAGE, "--cache and --no-cache cannot be given together");
        if (off) return Optional.empty();
        return dir != null ? Optional.of(dir.toAbsolutePath().normalize()) : CacheFolder.byDefault();
    }

    /** The cache to build the engine with, or null for none. */
    CodeCache codeCache() {
        return folder().map(CodeCache::at).orElse(null);
    }
}
