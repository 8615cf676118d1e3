package io.spirefy.pluginengine.runtime.extism.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Where libextism keeps compiled code, switched per compile. libextism 1.x (wasmtime 49 inside)
 * has no C API for its cache: {@code extism_compiled_plugin_new} reads the environment variable
 * {@value #VARIABLE} each time it makes its wasmtime engine. Unset, wasmtime loads its default
 * configuration ({@code ~/.config/wasmtime/config.toml} if present) and caches in its default
 * folder ({@code ~/.cache/wasmtime} on Linux) for every process of the user; empty, there is no
 * cache; otherwise it names a wasmtime cache configuration file (TOML, {@code [cache]} with a
 * {@code directory}).
 *
 * <p>The variable belongs to the whole process, so it only changes while no compile is under way:
 * compiles wanting the same setting run side by side (a read lock); one wanting another setting
 * waits for them, sets the variable, then runs (the write lock, downgraded). A host's own
 * {@value #VARIABLE} is overridden: this runtime's cache is what the engine was given, or none.
 */
public final class WasmtimeCache {

    static final String VARIABLE = "EXTISM_CACHE_CONFIG";

    /** The setting that switches libextism's cache off. */
    public static final String OFF = "";

    /** The configuration file, in the runtime's subfolder of the cache folder. */
    static final String CONFIG_FILE = "wasmtime-cache.toml";

    /** Where wasmtime keeps its files, beside the configuration file. */
    static final String DIRECTORY = "wasmtime";

    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();
    private static String current; // guarded by LOCK; null until first set

    private WasmtimeCache() {
    }

    /**
     * Prepares {@code folder} (created owner-only where the file system allows) with a wasmtime
     * cache configuration that keeps compiled code in {@code folder/wasmtime}.
     *
     * @return the setting that turns that cache on: the configuration file's path
     */
    public static String configure(Path folder) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        createOwnerOnly(dir);
        createOwnerOnly(dir.resolve(DIRECTORY));
        Path config = dir.resolve(CONFIG_FILE);
        writeConfig(config, dir.resolve(DIRECTORY));
        return config.toString();
    }

    /**
     * Runs {@code compile} with libextism's cache as {@code setting} says ({@link #OFF}, or what
     * {@link #configure} returned). A configuration file that was deleted since (a cache cleared
     * while the process ran) is written again first, since libextism refuses to compile without it.
     */
    public static <T> T during(String setting, Supplier<T> compile) {
        Objects.requireNonNull(setting, "setting");
        LOCK.readLock().lock();
        try {
            if (!setting.equals(current)) {
                LOCK.readLock().unlock();
                LOCK.writeLock().lock();
                try {
                    if (!setting.equals(current)) {
                        ProcessEnvironment.set(VARIABLE, setting);
                        current = setting;
                    }
                    LOCK.readLock().lock();
                } finally {
                    LOCK.writeLock().unlock();
                }
            }
            if (!setting.isEmpty()) restoreConfig(Path.of(setting));
            return compile.get();
        } finally {
            LOCK.readLock().unlock();
        }
    }

    private static void restoreConfig(Path config) {
        if (Files.isRegularFile(config)) return;
        try {
            Path dir = config.getParent();
            createOwnerOnly(dir);
            createOwnerOnly(dir.resolve(DIRECTORY));
            writeConfig(config, dir.resolve(DIRECTORY));
        } catch (IOException e) {
            // libextism will say that it cannot read the file; that message names it.
        }
    }

    private static void writeConfig(Path config, Path directory) throws IOException {
        String toml = "# Written by PluginEngine's extism runtime: libextism's compiled-code cache for this folder.\n"
                + "[cache]\ndirectory = " + tomlString(directory.toString()) + "\n";
        // Atomic, so that a libextism compile in another process never reads half a file.
        Path tmp = Files.createTempFile(config.getParent(), CONFIG_FILE, ".tmp");
        try {
            Files.writeString(tmp, toml, StandardCharsets.UTF_8);
            Files.move(tmp, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void createOwnerOnly(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** A TOML basic string. */
    static String tomlString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
