package io.spirefy.pluginengine.core.archive;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The files of one plugin's archive, read-only, in memory, relative to the folder holding the
 * manifest (contract section 5, {@code ReadFile}). Paths use {@code /}; {@code ./} and repeated
 * slashes are tolerated the way archive entry names are.
 */
public final class PluginFiles {

    private final Map<String, byte[]> files;

    /** @param files by normalized path relative to the manifest's folder; not copied, so callers hand over ownership */
    PluginFiles(Map<String, byte[]> files) {
        this.files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /**
     * Empty when absent, or when the path is absolute, contains a {@code ..} segment, a backslash, or
     * otherwise points outside the plugin's folder (never throws for such paths).
     *
     * @return a copy of the file's bytes, so a caller can never change what the next caller reads
     */
    public Optional<byte[]> read(String path) {
        return EntryNames.tryNormalize(path).map(files::get).map(byte[]::clone);
    }

    /** Every file's path, sorted. */
    public Set<String> paths() {
        return files.keySet();
    }

    @Override
    public String toString() {
        return "PluginFiles" + files.keySet();
    }
}
