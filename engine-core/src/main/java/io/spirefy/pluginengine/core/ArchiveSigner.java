package io.spirefy.pluginengine.core;

import io.spirefy.pluginengine.api.ArchiveException;
import io.spirefy.pluginengine.api.ArchiveLimits;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.SignatureInfo;
import io.spirefy.pluginengine.api.TrustStore;
import io.spirefy.pluginengine.api.spi.ManifestFormat;
import io.spirefy.pluginengine.core.archive.ArchiveSigning;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Signs plugin sources and verifies their signatures the way the engine does (contract section 9),
 * for publishers' tools such as {@code plugin-engine sign} and {@code verify}. The manifest formats
 * found through ServiceLoader say what a manifest's file name may be.
 */
public final class ArchiveSigner {

    private final ArchiveSigning signing;

    private ArchiveSigner(ArchiveSigning signing) {
        this.signing = signing;
    }

    /**
     * Reads sources under the default archive limits.
     *
     * @return a signer that reads sources as an engine with {@link ArchiveLimits#DEFAULTS} would
     */
    public static ArchiveSigner create() {
        return create(ArchiveLimits.DEFAULTS);
    }

    /**
     * Reads sources under these limits: those of the engine that will load the signed archives,
     * so that the signer refuses what that engine would refuse.
     *
     * @param limits the archive limits
     * @return the signer
     */
    public static ArchiveSigner create(ArchiveLimits limits) {
        List<ManifestFormat> formats = new ArrayList<>();
        ServiceLoader.load(ManifestFormat.class, ArchiveSigner.class.getClassLoader()).forEach(formats::add);
        return new ArchiveSigner(new ArchiveSigning(limits, formats));
    }

    /**
     * Signs a zip or tar.gz into {@code target} (in place when null), or writes a plugin
     * directory's {@code plugin.sig}.
     *
     * @param source an archive ({@code .zip}, {@code .tar.gz}, {@code .tgz}) or a plugin directory
     * @param key    the publisher's Ed25519 private key
     * @param target where to write the signed archive, or {@code null} to replace {@code source};
     *               unused for a directory
     * @return the signature written, verified with the key's public half
     * @throws ArchiveException      when the source is not a plugin source the engine would read
     * @throws PluginEngineException when the output cannot be written
     */
    public SignatureInfo sign(Path source, PrivateKey key, Path target) {
        return signing.sign(source, key, PublisherKeys.publicKeyOf(key), target);
    }

    /**
     * Checks a source's signature as the engine does at load, with nothing loaded or run.
     *
     * @param source an archive or a plugin directory
     * @param trust  the keys to check with
     * @return the verified signature

     * @throws ArchiveException naming the source and why its signature does not hold
     */
    public SignatureInfo verify(Path source, TrustStore trust) {
        return signing.verify(source, trust);
    }
}
