package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveException;
import io.spirefy.pluginengine.api.ArchiveLimits;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.SignatureInfo;
import io.spirefy.pluginengine.api.TrustStore;
import io.spirefy.pluginengine.api.spi.ManifestFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Signs and verifies one plugin source as a publisher does, outside any engine: the source is read
 * by the engine's own readers and under its limits, so what is signed is exactly what an engine
 * will hash, and a source the engine would reject cannot be signed.
 *
 * <p>A signed copy holds the same files with the same bytes plus {@code plugin.sig} beside the
 * manifest (an older one there is replaced); folder entries are not copied (they hold nothing and
 * are not signed). Each file is read into memory one at a time.
 */
public final class ArchiveSigning {

    private final ArchiveLimits limits;
    private final PluginAssembler locator;

    /** @param formats the manifest formats, which say what a manifest's file name may be */
    public ArchiveSigning(ArchiveLimits limits, List<ManifestFormat> formats) {
        this.limits = limits;
        this.locator = new PluginAssembler(List.copyOf(formats), false, Long.MAX_VALUE, SignatureCheck.DEFAULT);
    }

    /**
     * Writes a signed copy of {@code source} to {@code target}, or signs it in place when
     * {@code target} is null or the same file; a plugin directory always gets its {@code plugin.sig}
     * in place. The result is read back and verified with {@code publicKey} before it replaces anything.
     *
     * @return the new signature, as a verifier with {@code publicKey} will see it
     * @throws ArchiveException      naming the source when it cannot be read as a plugin source
     * @throws PluginEngineException when the key does not match or the output cannot be written
     */
    public SignatureInfo sign(Path source, PrivateKey key, PublicKey publicKey, Path target) {
        String keyId = TrustStore.keyId(publicKey);
        ArchiveContent content = read(source);
        String base = locator.locate(content).base();
        SignatureFile signature = SignatureFile.sign(SignedListing.text(SignatureCheck.digests(content, base)), key, keyId);
        if (!signature.verifies(publicKey)) {
            throw new PluginEngineException("the private key does not belong to publisher key " + keyId + "; nothing was signed");
        }
        byte[] sigBytes = signature.bytes();
        try {
            if (Files.isDirectory(source)) {
                if (target != null && !target.equals(source)) {
                    throw new PluginEngineException("a plugin directory is signed in place: " + source
                            + " gets " + SignatureCheck.FILE_NAME + "; --out does not apply");
                }
                Path temp = Files.createTempFile(source, ".plugin.sig", ".tmp");
                try {
                    Files.write(temp, sigBytes);
                    moveOver(temp, source.resolve(SignatureCheck.FILE_NAME));
                } finally {
                    Files.deleteIfExists(temp);
                }
                return verify(source, TrustStore.of(publicKey));
            }
            Path out = target == null ? source : target;
            if (!format(out.getFileName().toString()).equals(format(source.getFileName().toString()))) {
                throw new PluginEngineException("the signed copy " + out + " must have the format of " + source
                        + " (" + format(source.getFileName().toString()) + ")");
            }
            Path folder = out.toAbsolutePath().getParent();
            Path temp = Files.createTempFile(folder, "." + out.getFileName(), ".tmp");
            try {
                try (OutputStream os = Files.newOutputStream(temp)) {
                    writeCopy(content, base, sigBytes, os);
                }
                SignatureInfo check = verify(temp, source.getFileName().toString(), TrustStore.of(publicKey));
                moveOver(temp, out);
                return check;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new PluginEngineException("cannot write the signed copy of " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the source is signed by a key of {@code trust} and that every file is as signed.
     *
     * @throws ArchiveException naming the source and why the signature does not hold (unsigned,
     *                          unknown key, entry changed, added or removed, malformed)
     */
    public SignatureInfo verify(Path source, TrustStore trust) {
        return verify(source, source.getFileName().toString(), trust);
    }

    private SignatureInfo verify(Path source, String name, TrustStore trust) {
        ArchiveContent content = read(source, name);
        return new SignatureCheck(trust, true).check(content, locator.locate(content).base());
    }

    private ArchiveContent read(Path source) {
        return read(source, source.getFileName().toString());
    }

    /** @param name decides the format of a file: by its ending, as the engine does */
    private ArchiveContent read(Path source, String name) {
        ArchiveContent content = new ArchiveContent(source.toString(), limits, locator.manifestNames());
        if (Files.isDirectory(source)) {
            return DirectoryReader.read(source, content);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        boolean zip = lower.endsWith(".zip");
        if (!zip && !lower.endsWith(".tar.gz") && !lower.endsWith(".tgz")) {
            throw new ArchiveException(source.toString(), null, "not a supported archive: expected a name ending in .zip, .tar.gz or .tgz, or a plugin directory");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(source)) {
            bytes = in.readNBytes((int) Math.min(limits.maxPackedBytes() + 1, UnpackBudget.MAX_ARRAY));
        } catch (IOException e) {
            throw new PluginEngineException("plugin source " + source + " cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length > limits.maxPackedBytes()) {
            throw new ArchiveException(source.toString(), null, "the archive is larger than " + limits.maxPackedBytes() + " bytes (limit maxPackedBytes)");
        }
        return zip ? ZipReader.read(bytes, content) : TarGzReader.read(bytes, content);
    }

    private static String format(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".zip") ? "zip" : lower.endsWith(".tar.gz") || lower.endsWith(".tgz") ? "tar.gz" : "unknown";
    }

    private static void writeCopy(ArchiveContent content, String base, byte[] sigBytes, OutputStream os) throws IOException {
        String sigPath = base + SignatureCheck.FILE_NAME;
        String lower = content.source().toLowerCase(Locale.ROOT);
        Map<String, ArchiveContent.File> files = content.files();
        if (lower.endsWith(".zip")) {
            try (ZipOutputStream zip = new ZipOutputStream(os)) {
                for (String path : files.keySet()) {
                    if (!path.equals(sigPath)) zipEntry(zip, path, content.unpacked(path));
                }
                zipEntry(zip, sigPath, sigBytes);
            }
        } else {
            try (TarGzWriter tar = new TarGzWriter(os)) {
                for (String path : files.keySet()) {
                    if (!path.equals(sigPath)) tar.file(path, content.unpacked(path));
                }
                tar.file(sigPath, sigBytes);
            }
        }
    }

    private static void zipEntry(ZipOutputStream zip, String path, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(path);
        // A fixed time: signing the same files twice gives the same archive.
        entry.setTime(315532800000L + 12 * 3600 * 1000L);
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    private static void moveOver(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
