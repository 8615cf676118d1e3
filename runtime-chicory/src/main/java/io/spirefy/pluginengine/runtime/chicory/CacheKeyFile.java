package io.spirefy.pluginengine.runtime.chicory;

import io.spirefy.pluginengine.api.CodeCache;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The key that authenticates cache entries: the host's, or one kept in {@link CodeCache#keyFile()},
 * beside the cache folder so that write access to the folder alone does not let anyone forge entries.
 *
 * <p>A missing key file is created once, by whichever process gets there first: the key is written
 * in full to a temporary file with owner-only permissions (where the file system has POSIX
 * permissions), then published with a hard link, which fails when the file exists; the loser reads
 * the winner's key. A rename would replace a key another process already used, and its entries
 * would then all fail their check.
 */
final class CacheKeyFile {

    static final int KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private CacheKeyFile() {
    }

    /** The cache's key; never null. */
    static byte[] key(CodeCache cache, Consumer<String> warnings) throws IOException {
        var hostKey = cache.key();
        if (hostKey.isPresent()) {
            return hostKey.get();
        }
        Path file = cache.keyFile();
        for (int attempt = 0; attempt < 3; attempt++) {
            byte[] existing = read(file, warnings);
            if (existing != null) {
                return existing;
            }
            if (create(file)) {
                return read(file, warnings);
            }
        }
        throw new IOException("cannot create or read the code cache key file " + file);
    }

    /** The key in {@code file}, null when it does not exist. A file of another size is refused. */
    private static byte[] read(Path file, Consumer<String> warnings) throws IOException {
        byte[] key;
        try {
            key = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        if (key.length != KEY_BYTES) {
            throw new IOException("the code cache key file " + file + " holds " + key.length + " bytes, not "
                    + KEY_BYTES + ": delete it (and the cache folder) to start afresh");
        }
        if (readableByOthers(file)) {
            warnings.accept("the code cache key file " + file + " is readable by other users, who could then "
                    + "forge compiled code in the cache: make it owner-only (chmod 600)");
        }
        return key;
    }

    /** Publishes a new random key unless another process did first; true when a key file now exists. */
    private static boolean create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", attributes);
        try {
            Files.write(temp, key);
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                return true; // another process published its key first: use that one
            } catch (UnsupportedOperationException | IOException e) {
                if (Files.exists(file)) return true;
                // No hard links here (some file systems): a move without replace is the next best.
                try {
                    Files.move(temp, file);
                } catch (FileAlreadyExistsException raced) {
                    return true;
                }
            }
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            return false; // no POSIX permissions: nothing to check
        }
    }
}
