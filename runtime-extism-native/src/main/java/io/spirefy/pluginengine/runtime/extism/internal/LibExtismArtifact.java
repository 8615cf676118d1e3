package io.spirefy.pluginengine.runtime.extism.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * libextism out of the {@code libextism-<platform>} Maven artifact: a native library cannot be
 * loaded from inside a jar, so it is copied to a per-user cache file first. The copy is trusted
 * only as far as it is checked: its name is the SHA-256 this runtime was built to accept, the
 * folder is the user's alone (owner-only, not a link), and its content is hashed again before
 * every load, so a file changed after extraction is replaced, never loaded. The folder is never
 * the working directory: a relative cache location is refused.
 */
final class LibExtismArtifact {

    /** Overrides the cache folder (an absolute path); tests and hosts with no writable home use it. */
    static final String CACHE_PROPERTY = "pluginengine.libextism.cache";
    private static final String PINNED = "libextism-pinned.properties";
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private final String platform;
    private final String sha256;
    private final ClassLoader loader;

    private LibExtismArtifact(String platform, String sha256, ClassLoader loader) {
        this.platform = platform;
        this.sha256 = sha256;
        this.loader = loader;
    }

    /** The artifact this platform would use, or empty when the build makes none for it. */
    static Optional<LibExtismArtifact> forThisPlatform() {
        String platform = platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        if (platform == null) return Optional.empty();
        String digest = pinnedDigests().getProperty(platform + ".sha256");
        if (digest == null || digest.isBlank()) return Optional.empty();
        return Optional.of(new LibExtismArtifact(platform, digest.trim(), LibExtismArtifact.class.getClassLoader()));
    }

    static String platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) return "linux-x86_64";
        return null;
    }

    String describe() {
        return "libextism-" + platform + " on the class or module path";
    }

    /** The library's resource in the artifact, if the artifact is on the path. */
    Optional<URL> resource() {
        return Optional.ofNullable(loader.getResource("META-INF/native/" + platform + "/" + LibExtismLoader.FILE_NAME));
    }

    /**
     * A verified copy of the artifact's library in the cache folder, extracting it when there is
     * none or when the one there does not have the pinned digest.
     *
     * @throws IOException when the folder is not private, or the artifact's library is not the pinned one
     */
    Path extract(URL resource) throws IOException {
        Path dir = privateFolder(cacheFolder());
        Path target = dir.resolve("libextism-" + sha256 + ".so");
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (isPrivateFile(target) && sha256(target).equals(sha256)) return target;
            // Changed after extraction (or not ours): never loaded, replaced below.
            Files.delete(target);
        }
        Path tmp = Files.createTempFile(dir, "libextism-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_FILE));
        try {
            String got;
            try (InputStream in = resource.openStream(); OutputStream out = Files.newOutputStream(tmp)) {
                got = copyHashing(in, out);
            }
            if (!got.equals(sha256)) {
                throw new IOException(resource + " has SHA-256 " + got + "; this runtime accepts only " + sha256
                        + " (libextism-" + platform + " of the same PluginEngine version)");
            }
            // Rename within one folder: a concurrent process sees no file or the whole file.
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (!sha256(target).equals(sha256)) throw new IOException(target + " changed while it was being written");
        return target;
    }

    static Path cacheFolder() throws IOException {
        String configured = System.getProperty(CACHE_PROPERTY);
        Path dir;
        if (configured != null && !configured.isBlank()) {
            dir = Paths.get(configured);
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            // The XDG rule: a relative XDG_CACHE_HOME is invalid and ignored.
            Path base = xdg != null && !xdg.isBlank() && Paths.get(xdg).isAbsolute()
                    ? Paths.get(xdg) : Paths.get(System.getProperty("user.home", ""), ".cache");
            dir = base.resolve("pluginengine").resolve("libextism");
        }
        if (!dir.isAbsolute()) {
            throw new IOException("the libextism cache folder " + dir + " is not an absolute path (set "
                    + CACHE_PROPERTY + " to one); the working directory is never used");
        }
        return dir;
    }

    private static Path privateFolder(Path dir) throws IOException {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(dir + " exists and is not a folder", e);
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory()) throw new IOException(dir + " is not a folder (a link is not followed)");
        if (!a.owner().equals(currentUser(dir)) || !OWNER_DIR.containsAll(a.permissions())) {
            throw new IOException(dir + " is not private to this user (owner " + a.owner() + ", "
                    + PosixFilePermissions.toString(a.permissions()) + "): whoever else can write there would choose the"
                    + " code the JVM loads");
        }
        return dir;
    }

    private static boolean isPrivateFile(Path f) throws IOException {
        PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.isRegularFile() && a.owner().equals(currentUser(f.getParent()))
                && OWNER_FILE.containsAll(a.permissions());
    }

    private static UserPrincipal currentUser(Path anywhere) throws IOException {
        return anywhere.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
    }

    static String sha256(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
            return copyHashing(in, OutputStream.nullOutputStream());
        }
    }

    private static String copyHashing(InputStream in, OutputStream out) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (DigestInputStream din = new DigestInputStream(in, md)) {
            din.transferTo(out);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static Properties pinnedDigests() {
        Properties p = new Properties();
        try (InputStream in = LibExtismArtifact.class.getResourceAsStream(PINNED)) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
