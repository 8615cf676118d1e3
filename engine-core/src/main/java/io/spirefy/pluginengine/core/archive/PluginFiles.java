package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.PluginEngineException;

import java.lang.ref.Cleaner;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The files of one plugin's source, read-only, relative to the folder holding the manifest
 * (contract section 5, {@code ReadFile}). Paths use {@code /}; {@code ./} and repeated slashes are
 * tolerated the way archive entry names are.
 *
 * <p>Files are kept compressed, or on disk for a plugin directory ({@link StoredFile}); a read
 * unpacks one file into the array it returns, and refuses, before unpacking anything, a file
 * larger than the plugin may hold ({@code maxReadBytes}, the engine's per-plugin memory limit).
 * What the files keep in the heap is charged to the engine-wide
 * {@link io.spirefy.pluginengine.api.ArchiveLimits#maxRetainedBytes}; {@link #release()} gives it
 * back when the plugin is unloaded.
 */
public final class PluginFiles {

    /** Book-keeping per file (its name, the map entry, the stored form's object), counted as retained. */
    static final int OVERHEAD_PER_FILE = 128;

    private final Map<String, StoredFile> files;
    private final long maxReadBytes;
    private final long retainedBytes;
    private volatile Cleaner.Cleanable charge;

    /**
     * @param files        by normalized path relative to the manifest's folder
     * @param maxReadBytes the largest file a read hands out
     */
    PluginFiles(Map<String, StoredFile> files, long maxReadBytes) {
        this.files = Collections.unmodifiableMap(new TreeMap<>(files));
        this.maxReadBytes = maxReadBytes;
        long retained = 0;
        for (Map.Entry<String, StoredFile> e : this.files.entrySet()) {
            retained += e.getValue().retainedBytes() + e.getKey().length() * 2L + OVERHEAD_PER_FILE;
        }
        this.retainedBytes = retained;
    }

    /** Files held as they are, for tests. */
    static PluginFiles of(Map<String, byte[]> files, long maxReadBytes) {
        Map<String, StoredFile> stored = new LinkedHashMap<>();
        files.forEach((path, bytes) -> stored.put(path, new HeldFile(bytes)));
        return new PluginFiles(stored, maxReadBytes);
    }

    /**
     * Empty when absent, or when the path is absolute, contains a {@code ..} segment, a backslash, or
     * otherwise points outside the plugin's folder (never throws for such paths).
     *
     * @return a fresh copy of the file's bytes, so a caller can never change what the next caller reads
     * @throws PluginEngineException naming the file, its size and the limit when it is larger than
     *                               the plugin may hold (nothing of it is unpacked then), or naming
     *                               the file and the reason when a plugin folder's file cannot be read
     */
    public Optional<byte[]> read(String path) {
        Optional<String> name = EntryNames.tryNormalize(path);
        StoredFile file = name.map(files::get).orElse(null);
        return file == null ? Optional.empty() : Optional.of(file.read(name.get(), maxReadBytes));
    }

    /** Every file's path, sorted. */
    public Set<String> paths() {
        return files.keySet();
    }

    /** What the files keep in the heap, as charged to the engine-wide bound. */
    public long retainedBytes() {
        return retainedBytes;
    }

    /**
     * Gives this plugin's charge back to the engine-wide bound on retained bytes; call it when the
     * plugin is unloaded. Reads still work afterwards (a call under way may finish); calling it
     * again does nothing.
     */
    public void release() {
        Cleaner.Cleanable c = charge;
        if (c != null) {
            c.clean();
        }
    }

    void charged(Cleaner.Cleanable charge) {
        this.charge = charge;
    }

    @Override
    public String toString() {
        return "PluginFiles" + files.keySet();
    }
}
