package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.CodeCache;
import io.spirefy.pluginengine.cli.cache.CacheContents;
import io.spirefy.pluginengine.cli.cache.CacheFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code cache info} and {@code cache clear}: the compiled-code cache the other commands use. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "Show or clear the compiled-code cache (default: $XDG_CACHE_HOME/plugin-engine, else ~/.cache/plugin-engine).",
        subcommands = {CacheCommand.Info.class, CacheCommand.Clear.class})
final class CacheCommand {

    @ParentCommand
    PluginEngineCommand root;

    /** {@code --cache DIR}, as the other commands take it; without it the default folder. */
    abstract static class Base implements Callable<Integer> {
        @ParentCommand
        CacheCommand parent;

        @Option(names = "--cache", paramLabel = "DIR", description = "The cache folder (default: the one the other commands use).")
        Path dir;

        Path folder() {
            if (dir != null) return dir.toAbsolutePath().normalize();
            return CacheFolder.byDefault().orElseThrow(() -> new CliException(CliException.USAGE,
                    "no default cache folder: neither XDG_CACHE_HOME nor the home folder is an absolute path; give --cache DIR"));
        }

        Io io() {
            return parent.root.io();
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "The cache folder, its key file, and the files and bytes each runtime keeps there.")
    static final class Info extends Base {
        @Override
        public Integer call() throws IOException {
            Path folder = folder();
            PrintStream out = io().out();
            out.println("folder:   " + folder + (Files.isDirectory(folder) ? "" : " (not created yet)"));
            Path keyFile = CodeCache.at(folder).keyFile();
            out.println("key file: " + keyFile + (Files.isRegularFile(keyFile) ? "" : " (not created yet)"));
            for (CacheContents.Usage u : CacheContents.usage(folder)) {
                out.printf("%-9s %d entries, %d bytes%n", u.subfolder() + "/", u.files(), u.bytes());
            }
            return 0;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Delete every compiled entry; the key file is kept, so entries written later still authenticate.")
    static final class Clear extends Base {
        @Override
        public Integer call() throws IOException {
            Path folder = folder();
            CacheContents.Usage removed = CacheContents.clear(folder);
            io().out().println("cleared " + folder + ": " + removed.files() + " entries, " + removed.bytes() + " bytes");
            return 0;
        }
    }
}
