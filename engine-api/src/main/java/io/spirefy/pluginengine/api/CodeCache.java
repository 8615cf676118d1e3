package io.spirefy.pluginengine.api;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Where runtimes keep compiled code between processes, and what authenticates it (contract
 * section 9, "Compiled-code cache"). Off unless a host gives one to
 * {@link PluginEngine.Builder#codeCache(CodeCache)}.
 *
 * <p>A runtime loads an entry only if its authentication code checks out under the key: the key
 * given here, or else one the runtime keeps in the owner-only file {@link #keyFile()}, which lies
 * beside the folder rather than in it, so whoever can write the cache cannot forge entries unless
 * they can also read that file. Immutable.
 */
public final class CodeCache {

    /** The size bound when none is given: 512 MiB. */
    public static final long DEFAULT_MAX_BYTES = 512L << 20;

    private final Path folder;
    private final byte[] key;
    private final long maxBytes;

    private CodeCache(Path folder, byte[] key, long maxBytes) {
        this.folder = folder;
        this.key = key;
        this.maxBytes = maxBytes;
    }

    /**
     * A cache in {@code folder} (created when missing), keyed by {@link #keyFile()}, bounded by {@link #DEFAULT_MAX_BYTES}.
     *
     * @param folder the cache's folder; made absolute here, so a later change of working directory does not move it
     * @return the cache description; nothing is created until a runtime uses it
     */
    public static CodeCache at(Path folder) {
        return new CodeCache(Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize(), null, DEFAULT_MAX_BYTES);
    }

    /**
     * The same cache authenticated with a key the host keeps (at least 16 bytes); no key file is used.
     * For hosts that already hold a secret, or whose cache folder's parent others can read.
     *
     * @param key the secret, copied
     * @return a new description; this one is unchanged
     * @throws IllegalArgumentException for a key shorter than 16 bytes
     */
    public CodeCache withKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < 16) throw new IllegalArgumentException("a code cache key needs at least 16 bytes, got " + key.length);
        return new CodeCache(folder, key.clone(), maxBytes);
    }

    /**
     * The same cache with another size bound; the least recently used entries go first.
     *
     * @param maxBytes the most the folder may hold, in bytes
     * @return a new description; this one is unchanged
     * @throws IllegalArgumentException when not positive
     */
    public CodeCache withMaxBytes(long maxBytes) {
        if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be positive");
        return new CodeCache(folder, key, maxBytes);
    }

    /**
     * The cache's folder.
     *
     * @return an absolute, normalized path
     */
    public Path folder() {
        return folder;
    }

    /**
     * The host's key, when it gave one.
     *
     * @return a copy of the key, or empty when {@link #keyFile()} is used
     */
    public Optional<byte[]> key() {
        return Optional.ofNullable(key).map(byte[]::clone);
    }

    /**
     * Where the key is kept when the host gives none: {@code <folder>.key}, beside the folder.
     *
     * @return the key file's path, whether it exists yet or not
     */
    public Path keyFile() {
        Path name = folder.getFileName();
        return folder.resolveSibling((name == null ? "cache" : name.toString()) + ".key");
    }

    /**
     * The size bound.
     *
     * @return the most the folder may hold, in bytes
     */
    public long maxBytes() {

        return maxBytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodeCache c && c.folder.equals(folder) && Arrays.equals(c.key, key) && c.maxBytes == maxBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(folder, Arrays.hashCode(key), maxBytes);
    }

    @Override
    public String toString() {
        return "CodeCache[" + folder + (key == null ? ", key file " + keyFile() : ", host key") + ", max " + maxBytes + " bytes]";
    }
}
