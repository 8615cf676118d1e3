package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.PluginEngineException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file of an unpacked plugin directory, read from disk each time it is read (a development
 * folder is edited while the engine runs, and keeping every file in the heap is what archives
 * no longer do either). Only the names found at load can be read, and a read follows the load's
 * rules again: every folder on the way and the file itself must still be what they were (no
 * link, the file a regular file), and the read stops at the caller's bound even if the file grew.
 * A link swapped in between that check and the open is not caught: the folder belongs to the
 * host, which chose to load from it.
 */
final class DiskFile implements StoredFile {

    private final Path root;
    private final String path;
    private final long sizeAtLoad;

    /** @param path the file's path below {@code root}, with '/' */
    DiskFile(Path root, String path, long sizeAtLoad) {
        this.root = root;
        this.path = path;
        this.sizeAtLoad = sizeAtLoad;
    }

    @Override
    public long size() {
        return sizeAtLoad;
    }

    @Override
    public long retainedBytes() {
        return 0;
    }

    @Override
    public byte[] read(String name, long maxBytes) {
        Path file = root;
        try {
            BasicFileAttributes attrs = null;
            for (String segment : path.split("/")) {
                file = file.resolve(segment);
                attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attrs.isSymbolicLink()) {
                    throw unreadable(name, "'" + root.relativize(file) + "' is now a symbolic link");
                }
            }
            if (attrs == null || !attrs.isRegularFile()) {
                throw unreadable(name, "it is no longer a regular file");
            }
            StoredFile.checkSize(name, attrs.size(), maxBytes);
            int bound = (int) Math.min(maxBytes, UnpackBudget.MAX_ARRAY);
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                // Bounded by the limit, not by the size seen a moment ago: the file may be growing.
                byte[] data = in.readNBytes(bound);
                if (data.length == bound && in.read() >= 0) {
                    throw unreadable(name, "it grew past the " + maxBytes + " bytes the plugin may hold while it was read");
                }
                return data;
            }
        } catch (IOException e) {
            throw unreadable(name, e.toString());
        }
    }

    private PluginEngineException unreadable(String name, String why) {
        return new PluginEngineException("file '" + name + "' of the plugin folder " + root + " cannot be read: " + why);
    }
}
