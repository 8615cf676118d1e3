package io.spirefy.pluginengine.runtime.chicory;

import io.spirefy.pluginengine.api.CodeCache;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Compiled modules kept between processes in {@code <folder>/chicory/} (contract section 9).
 *
 * <p><b>Layout.</b> One file per entry, {@code <hex SHA-256 of the entry key>.entry}; the key names
 * the module's SHA-256, the format, Chicory's and our compiler's fingerprint and the compile options
 * ({@link CacheKeys}). A file holds {@code magic, key (modified UTF-8), interpreted function indexes,
 * the compiled classes (Chicory's jar form)} followed by an HMAC-SHA256 of all of it under the
 * cache's key ({@link CacheKeyFile}). Temporary files start with {@code .tmp-}.
 *
 * <p><b>Loading.</b> An entry is used only when its HMAC checks and the key inside it is the one
 * asked for (so an entry copied over another module's name is refused although its HMAC is good).
 * Anything else (a flipped byte, a truncated file, another key) is deleted, reported once to the
 * warnings with the reason, and the module compiled again. Entries of another version have other
 * names: they are never read and age out through the size bound.
 *
 * <p><b>Writing.</b> An entry is written whole to a temporary file in the same folder and moved into
 * place atomically, so a reader in any process sees a whole entry or none; two processes writing
 * the same entry write the same thing. After each write the least recently used entries (their
 * modification time, which a hit renews) are deleted until the folder is within
 * {@link CodeCache#maxBytes()}.
 */
final class CompiledCodeCache {

    static final String SUBFOLDER = "chicory";
    static final String SUFFIX = ".entry";
    private static final String TEMP_PREFIX = ".tmp-";
    private static final byte[] MAGIC = "PECHIC1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAC_BYTES = 32;
    /** A temporary file this old was left by a process that died while writing. */
    private static final Duration ABANDONED_TEMP = Duration.ofHours(1);

    /** A verified entry. */
    record Entry(Set<Integer> interpreted, byte[] classes) {
    }

    private final Path folder;
    private final byte[] key;
    private final long maxBytes;
    private final Consumer<String> warnings;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();

    private CompiledCodeCache(Path folder, byte[] key, long maxBytes, Consumer<String> warnings) {
        this.folder = folder;
        this.key = key;
        this.maxBytes = maxBytes;
        this.warnings = warnings;
    }

    /** The chicory part of {@code cache}; null (with a warning) when its folder or key is unusable. */
    static CompiledCodeCache open(CodeCache cache, Consumer<String> warnings) {
        Path folder = cache.folder().resolve(SUBFOLDER);
        try {
            Files.createDirectories(folder);
            return new CompiledCodeCache(folder, CacheKeyFile.key(cache, warnings), cache.maxBytes(), warnings);
        } catch (IOException | RuntimeException e) {
            warnings.accept("the compiled-code cache in " + folder + " is not used: " + Failures.reason(e));
            return null;
        }
    }

    Path folder() {
        return folder;
    }

    int hits() {
        return hits.get();
    }

    int misses() {
        return misses.get();
    }

    int rejected() {
        return rejected.get();
    }

    int writes() {
        return writes.get();
    }

    /** The file of the entry for {@code entryKey}. */
    Path file(String entryKey) {
        return folder.resolve(HexFormat.of().formatHex(sha256(entryKey.getBytes(StandardCharsets.UTF_8))) + SUFFIX);
    }

    /** The entry for {@code entryKey} if one is there and proves we wrote it; {@code label} names the module. */
    Entry get(String entryKey, String label) {
        Path file = file(entryKey);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            misses.incrementAndGet();
            return null;
        } catch (IOException e) {
            misses.incrementAndGet();
            Machines.LOG.log(System.Logger.Level.WARNING, "cannot read cache entry " + file + ": " + e);
            return null;
        }
        String problem;
        Entry entry = null;
        if (bytes.length < MAGIC.length + MAC_BYTES) {
            problem = "is truncated (" + bytes.length + " bytes)";
        } else if (!MessageDigest.isEqual(mac(bytes, bytes.length - MAC_BYTES),
                java.util.Arrays.copyOfRange(bytes, bytes.length - MAC_BYTES, bytes.length))) {
            problem = declaresMore(bytes) ? "is truncated" : "fails its authentication check (changed after it was "
                    + "written, or written under another key)";
        } else {
            ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - MAC_BYTES);
            try {
                String found = readBody(in, entryKey);
                if (found != null) {
                    problem = "was written for another module or compile options (" + found + ")";
                } else {
                    entry = readEntry(in);
                    problem = in.hasRemaining() ? "has trailing bytes" : null;
                }
            } catch (RuntimeException e) { // a well-authenticated entry of a format we do not read
                problem = "cannot be read: " + e;
            }
        }
        if (problem != null) {
            reject(file, label, problem);
            misses.incrementAndGet();
            return null;
        }
        hits.incrementAndGet();
        touch(file);
        return entry;
    }

    /** Deletes an entry that verified but proved unusable, and reports it once. */
    void discard(String entryKey, String label, String problem) {
        reject(file(entryKey), label, problem);
    }

    /** Stores an entry unless one is there already; failures are reported, never thrown. */
    void put(String entryKey, Set<Integer> interpreted, byte[] classes, String label) {
        Path file = file(entryKey);
        if (Files.exists(file)) {
            return; // another thread or process was first; get() checks it when it is read
        }
        Path temp = null;
        try {
            byte[] body = body(entryKey, interpreted, classes);
            temp = Files.createTempFile(folder, TEMP_PREFIX, ".part");
            try (var out = Files.newOutputStream(temp)) {
                out.write(body);
                out.write(mac(body, body.length));
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            writes.incrementAndGet();
            evict();
        } catch (IOException | RuntimeException e) {
            if (reported.add("write")) {
                warnings.accept("cannot write compiled code of " + label + " to the cache " + folder + ": "
                        + Failures.reason(e) + " (it is compiled again in the next process)");
            }
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // left for the next eviction pass, which removes old temporary files
                }
            }
        }
    }

    /** Deletes the least recently used entries until the folder is within its bound, and dead temporary files. */
    void evict() throws IOException {
        record Found(Path path, long size, FileTime used) {
        }
        List<Found> entries = new ArrayList<>();
        long total = 0;
        Instant oldTemp = Instant.now().minus(ABANDONED_TEMP);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (name.startsWith(TEMP_PREFIX)) {
                        if (a.lastModifiedTime().toInstant().isBefore(oldTemp)) Files.deleteIfExists(p);
                    } else if (name.endsWith(SUFFIX) && a.isRegularFile()) {
                        entries.add(new Found(p, a.size(), a.lastModifiedTime()));
                        total += a.size();
                    }
                } catch (NoSuchFileException gone) {
                    // another process evicted it meanwhile
                }
            }
        }
        if (total <= maxBytes) return;
        entries.sort((a, b) -> a.used().compareTo(b.used()));
        for (Found f : entries) {
            if (total <= maxBytes) break;
            Files.deleteIfExists(f.path());
            total -= f.size();
        }
    }

    private void reject(Path file, String label, String problem) {
        rejected.incrementAndGet();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // it is overwritten by the recompiled entry, or read and refused again
        }
        if (reported.add(file.getFileName().toString())) {
            warnings.accept("compiled-code cache entry " + file + " of " + label + " " + problem
                    + "; it was discarded and the module compiled again");
        }
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // it only ages sooner
        }
    }

    private static byte[] body(String entryKey, Set<Integer> interpreted, byte[] classes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(classes.length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeUTF(entryKey);
            out.writeInt(interpreted.size());
            for (int f : new TreeSet<>(interpreted)) out.writeInt(f);
            out.writeInt(classes.length);
            out.write(classes);
        }
        return bytes.toByteArray();
    }

    /** Reads up to the key; null when it is {@code expected}, else the key found. */
    private static String readBody(ByteBuffer in, String expected) {
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) return "another format";
        int length = Short.toUnsignedInt(in.getShort());
        byte[] utf = new byte[length];
        in.get(utf);
        // Keys are ASCII, where modified UTF-8 and UTF-8 agree.
        String found = new String(utf, StandardCharsets.UTF_8);
        return found.equals(expected) ? null : found;
    }

    private static Entry readEntry(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / 4) throw new IllegalStateException("bad function count " + count);
        Set<Integer> interpreted = new TreeSet<>();
        for (int i = 0; i < count; i++) interpreted.add(in.getInt());
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) throw new IllegalStateException("bad length " + length);
        byte[] classes = new byte[length];
        in.get(classes);
        return new Entry(Collections.unmodifiableSet(interpreted), classes);
    }

    /** Whether the (unauthenticated) lengths inside say the file should be longer than it is. */
    private static boolean declaresMore(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            in.position(MAGIC.length);
            int keyLength = Short.toUnsignedInt(in.getShort());
            in.position(in.position() + keyLength);
            int count = in.getInt();
            in.position(in.position() + 4 * count);
            long length = Integer.toUnsignedLong(in.getInt());
            return in.position() + length + MAC_BYTES > bytes.length;
        } catch (RuntimeException e) {
            return true; // the lengths themselves are cut off
        }
    }

    private byte[] mac(byte[] bytes, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(bytes, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
