package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.TrustStore;
import io.spirefy.pluginengine.core.PublisherKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;

/** {@code keygen}: a new publisher key pair; an existing one is never overwritten (exit 2). */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Write a new Ed25519 publisher key pair: DIR/publisher.key (private, PKCS#8 PEM, owner-only)",
                "and DIR/publisher.pub (public, X.509 PEM: what hosts trust)."})
final class KeygenCommand implements Callable<Integer> {

    @ParentCommand
    PluginEngineCommand root;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The folder to write the two files into (created when missing).")
    Path out;

    @Override
    public Integer call() {
        KeyPair keys;
        try {
            keys = PublisherKeys.writeNew(out);
        } catch (PluginEngineException e) {
            throw new CliException(CliException.USAGE, e.getMessage(), e);
        }
        root.io().out().println("wrote " + out.resolve(PublisherKeys.PRIVATE_FILE) + " (keep it secret) and "
                + out.resolve(PublisherKeys.PUBLIC_FILE) + "; publisher key id " + TrustStore.keyId(keys.getPublic()));
        return 0;
    }
}
