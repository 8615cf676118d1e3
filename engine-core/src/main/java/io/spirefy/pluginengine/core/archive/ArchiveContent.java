package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveException;
import io.spirefy.pluginengine.api.ArchiveLimits;
import io.spirefy.pluginengine.api.PluginEngineException;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a reader found in one source: files by normalized name, in archive order. It also enforces
 * the rules every format shares as entries arrive: the entry count, names (via {@link EntryNames})
 * and duplicates. A directory entry counts as an entry and can be a duplicate, but holds no bytes.
 *
 * <p>Each file is kept the way the plugin will keep it ({@link StoredFile}). The files that the
 * assembler may need unpacked right away, a manifest and a module, are also kept unpacked until
 * the source is assembled ({@link #keepsUnpacked}): a module by its usual name ({@code *.wasm});
 * a module the manifest names otherwise is unpacked from its stored form.
 */
final class ArchiveContent {

    private final String source;
    private final ArchiveLimits limits;
    private final Set<String> manifestNames;
    private final Map<String, File> files = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private int entries;
    private long heldAsIs;

    /**
     * The bytes of files above {@link StoredFile#SMALL} that one source may keep as they are
     * before the rest is deflated. Deflating costs load time (10 to 20 ms per MiB here, a tar.gz's
     * files having no compressed form of their own), and an ordinary plugin's few configuration
     * files and templates are not worth it; a bomb's hundreds of MiB are.
     */
    static final int AS_IS_ALLOWANCE = 256 * 1024;

    /**
     * One file: how it is kept, its bytes while the source is being assembled if they are kept too,
     * and its SHA-256 as the reader computed it while the bytes went by (null when the reader had no
     * reason to read them: a plugin folder's files when it carries no signature).
     */
    record File(StoredFile stored, byte[] unpacked, byte[] sha256) {
    }

    /** @param manifestNames the file names a manifest may have */
    ArchiveContent(String source, ArchiveLimits limits, Set<String> manifestNames) {
        this.source = source;
        this.limits = limits;
        this.manifestNames = manifestNames;
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

    /** Whether a reader should hand the file's bytes over unpacked, besides its stored form. */
    boolean keepsUnpacked(String name) {
        String last = name.substring(name.lastIndexOf('/') + 1);
        return manifestNames.contains(last) || last.equals(SignatureCheck.FILE_NAME)
                || last.toLowerCase(Locale.ROOT).endsWith(".wasm");
    }

    /**
     * Whether a file of {@code size} bytes, whose bytes are at hand unpacked, is kept as it is
     * rather than deflated: small files always, larger ones while {@link #AS_IS_ALLOWANCE} lasts.
     */
    boolean keepsAsIs(long size) {
        if (size <= StoredFile.SMALL) {
            return true;
        }
        if (heldAsIs + size <= AS_IS_ALLOWANCE) {
            heldAsIs += size;
            return true;
        }
        return false;
    }

    /**
     * Stores a file admitted under {@code name}; {@code unpacked} is null unless {@link #keepsUnpacked};
     * {@code sha256} is null when the reader did not read the bytes.
     */
    void put(String name, StoredFile stored, byte[] unpacked, byte[] sha256) {
        files.put(name, new File(stored, unpacked, sha256));
    }

    /** A file's SHA-256: the one computed as it was read, else computed now from its stored form. */
    byte[] sha256(String name) {
        File file = files.get(name);
        if (file.sha256() != null) {
            return file.sha256();
        }
        try {
            return Digests.sha256().digest(unpacked(name));
        } catch (PluginEngineException e) {
            throw new ArchiveException(source, name, e.getMessage());
        }
    }

    String source() {
        return source;
    }

    ArchiveLimits limits() {
        return limits;
    }

    /** Files by normalized name, in archive order; directories are not listed. */
    Map<String, File> files() {
        return Collections.unmodifiableMap(files);
    }

    /** The bytes of a file, unpacked from its stored form when they were not kept. */
    byte[] unpacked(String name) {
        File file = files.get(name);
        if (file.unpacked() != null) {
            return file.unpacked();
        }
        if (file.stored().size() > UnpackBudget.MAX_ARRAY) {
            throw new ArchiveException(source, name, "the file is " + file.stored().size()
                    + " bytes, more than one array can hold");
        }
        try {
            return file.stored().read(name, Long.MAX_VALUE);
        } catch (PluginEngineException e) {
            throw new ArchiveException(source, name, e.getMessage());
        }
    }
}
