package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.ArchiveException;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.SignatureInfo;
import io.spirefy.pluginengine.core.ArchiveSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code verify}: exit 0 when the archive is signed by a trusted key and every file is as signed;
 * 1 otherwise, with the reason on stderr; 2 when a trust path or the archive cannot be read at all.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check that ARCHIVE is signed by a trusted publisher key and unchanged since (exit 0), or say why not (exit 1).")
final class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    PluginEngineCommand root;

    @Option(names = "--trust", paramLabel = "PUB_OR_DIR", required = true,
            description = "A publisher's public key (.pub), or a folder of them. Repeatable.")
    List<Path> trust;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive (.zip, .tar.gz, .tgz) or plugin directory.")
    Path archive;

    @Override
    public Integer call() {
        if (!Files.exists(archive)) {
            throw new CliException(CliException.USAGE, archive + " does not exist");
        }
        SignatureInfo info;
        try {
            info = ArchiveSigner.create().verify(archive, TrustOptions.store(trust));
        } catch (ArchiveException e) {
            throw new CliException(CliException.FAILED, "invalid: " + e.getMessage(), e);
        } catch (PluginEngineException e) {
            throw new CliException(CliException.USAGE, e.getMessage(), e);
        }
        root.io().out().println(archive + ": verified, publisher key " + info.publisher());
        return 0;
    }
}
