package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.SignatureInfo;
import io.spirefy.pluginengine.core.ArchiveSigner;
import io.spirefy.pluginengine.core.PublisherKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.concurrent.Callable;

/**
 * {@code sign}: adds {@code plugin.sig} beside the manifest. Exit 1 when the archive cannot be
 * signed (the engine would reject it, or the output cannot be written); 2 for a missing or bad key.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign a plugin archive (.zip, .tar.gz, .tgz) or plugin directory with a publisher key.",
                "Writes a signed copy to --out, or signs in place; a directory gets DIR/plugin.sig."})
final class SignCommand implements Callable<Integer> {

    @ParentCommand
    PluginEngineCommand root;

    @Option(names = "--key", paramLabel = "KEY", required = true, description = "The publisher's private key (publisher.key from keygen).")
    Path key;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the signed copy (same format); default: sign ARCHIVE in place.")
    Path out;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive or plugin directory to sign.")
    Path archive;

    @Override
    public Integer call() {
        if (!Files.exists(archive)) {
            throw new CliException(CliException.USAGE, archive + " does not exist");
        }
        PrivateKey privateKey;
        try {
            privateKey = PublisherKeys.readPrivateKey(key);
        } catch (PluginEngineException e) {
            throw new CliException(CliException.USAGE, e.getMessage(), e);
        }
        SignatureInfo signed;
        try {
            signed = ArchiveSigner.create().sign(archive, privateKey, out);
        } catch (PluginEngineException e) {
            throw new CliException(CliException.FAILED, "cannot sign: " + e.getMessage(), e);
        }
        Path written = Files.isDirectory(archive) ? archive.resolve("plugin.sig") : out == null ? archive : out;
        root.io().out().println("signed " + written + " with publisher key " + signed.publisher());
        return 0;
    }
}
