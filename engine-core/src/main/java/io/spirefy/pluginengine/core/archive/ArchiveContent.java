package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveException;
import io.spirefy.pluginengine.api.ArchiveLimits;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a reader found in one source: files by normalized name, in archive order. It also enforces
 * the rules every format shares as entries arrive: the entry count, names (via {@link EntryNames})
 * and duplicates. A directory entry counts as an entry and can be a duplicate, but holds no bytes.
 */
final class ArchiveContent {

    private final String source;
    private final ArchiveLimits limits;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private int entries;

    ArchiveContent(String source, ArchiveLimits limits) {
        this.source = source;
        this.limits = limits;
    }

    /**
     * Counts one more entry and checks its name before any of its bytes are read.
     *
     * @return the normalized name; empty for the root folder itself ({@code ./})
     */
    String admit(String rawName, boolean directory) {
        entries++;
        if (entries > limits.maxEntries()) {
            throw new ArchiveException(source, rawName, "the archive has more than " + limits.maxEntries()
                    + " entries (limit maxEntries)");
        }
        String name = EntryNames.normalize(source, rawName);
        if (name.isEmpty()) {
            if (!directory) {
                throw new ArchiveException(source, rawName, "a file entry needs a name");
            }
            return name;
        }
        if (!names.add(name)) {
            throw new ArchiveException(source, rawName, "duplicate entry: '" + name + "' occurs more than once");
        }
        return name;
    }

    /** Stores the bytes of a file admitted under {@code name}. */
    void put(String name, byte[] bytes) {
        files.put(name, bytes);
    }

    String source() {
        return source;
    }

    /** Files by normalized name, in archive order; directories are not listed. */
    Map<String, byte[]> files() {
        return Collections.unmodifiableMap(files);
    }
}
