package io.spirefy.pluginengine.core.data;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The data root a host names, with one folder per plugin id beneath it (created on the first
 * write). Every version of a plugin id shares its folder, so an upgrade keeps its data.
 */
public final class DataFolders {

    /** The default quota of one plugin's folder: 64 MiB. */
    public static final long DEFAULT_QUOTA_BYTES = 64L << 20;

    private final Path root;
    private final long quotaBytes;
    private final ConcurrentMap<String, DataFolder> folders = new ConcurrentHashMap<>();

    /** @param root null when the host named none: then every request fails saying so */
    public DataFolders(Path root, long quotaBytes) {
        if (quotaBytes < 0) throw new IllegalArgumentException("the data quota must not be negative");
        this.root = root == null ? null : root.toAbsolutePath().normalize();
        this.quotaBytes = quotaBytes;
    }

    /**
     * Writes {@code data} to {@code path} in the plugin's folder.
     *
     * @throws DataFailure saying why it was refused or failed
     */
    public void write(String pluginId, String path, byte[] data) {
        folder(pluginId).write(path, data);
    }

    /** The file at {@code path} in the plugin's folder; empty when there is none. @throws DataFailure */
    public Optional<byte[]> read(String pluginId, String path, long maxBytes) {
        return folder(pluginId).read(path, maxBytes);
    }

    private DataFolder folder(String pluginId) {
        if (root == null) {
            throw new DataFailure("the host gave the engine no data root (PluginEngine.Builder.dataRoot), so plugin "
                    + pluginId + " has no data folder");
        }
        // Plugin ids are words of letters and digits joined by '.', '_' or '-': never '..', never a separator.
        return folders.computeIfAbsent(pluginId, id -> new DataFolder(id, root.resolve(id), quotaBytes));
    }
}
