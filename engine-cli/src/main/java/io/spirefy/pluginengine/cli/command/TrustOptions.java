package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.TrustStore;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** {@code --trust PUB_OR_DIR} (repeatable) and {@code --require-signatures}, for every command that loads plugins. */
public final class TrustOptions {

    @Option(names = "--trust", paramLabel = "PUB_OR_DIR",
            description = "A publisher's public key (.pub), or a folder of them, whose signatures verify. Repeatable.")
    List<Path> trust = List.of();

    @Option(names = "--require-signatures",
            description = "Load only archives signed by a key given with --trust; every other archive is a problem.")
    boolean requireSignatures;

    /**
     * What the options say, given to the builder.
     *
     * @return the keys given to it, which {@code --grant-signed} needs its key among
     */
    public TrustStore apply(PluginEngine.Builder builder) {
        TrustStore store = store(trust);
        builder.trust(store).requireSignatures(requireSignatures);
        return store;
    }

    /**
     * The keys of every path.
     *
     * @throws CliException of {@link CliException#USAGE} naming a path that holds no readable key
     */
    static TrustStore store(List<Path> paths) {
        TrustStore store = TrustStore.empty();
        for (Path p : paths) {
            try {
                store = store.and(TrustStore.load(p));
            } catch (PluginEngineException e) {
                throw new CliException(CliException.USAGE, "--trust " + p + ": " + e.getMessage(), e);
            }
        }
        return store;
    }
}
