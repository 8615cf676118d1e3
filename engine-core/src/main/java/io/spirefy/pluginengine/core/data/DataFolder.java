package io.spirefy.pluginengine.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * One plugin id's data folder: what WriteFile writes and ReadFile falls back to (contract
 * section 9). No request leaves it: paths are checked as text ({@link DataPath}), and no link is
 * followed, neither on the way (every folder on the path must be a real folder) nor at the end
 * (reads open with NOFOLLOW_LINKS; a write renames its file over the name, which replaces a link
 * rather than writing through it). Writes are atomic: a reader sees the old file or the new one.
 * The quota bounds the bytes of all its files; writes of one folder are serialized so that two
 * concurrent writes cannot both pass the quota check.
 */
final class DataFolder {

    private final String pluginId;
    private final Path folder;
    private final long quotaBytes;

    DataFolder(String pluginId, Path folder, long quotaBytes) {
        this.pluginId = pluginId;
        this.folder = folder;
        this.quotaBytes = quotaBytes;
    }

    /** @throws DataFailure when the path is refused, the quota would be exceeded, or the write fails */
    synchronized void write(String path, byte[] data) {
        List<String> segments = DataPath.segments(path);
        try {
            // The root is the host's: made as the host named it. Below it, nothing is followed.
            Files.createDirectories(folder.getParent());
            Path dir = realFolders(segments, true);
            Path target = dir.resolve(segments.get(segments.size() - 1));
            long existing = 0;
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isDirectory()) throw new DataFailure("path '" + path + "' is a folder");
                if (a.isRegularFile()) existing = a.size();
            }
            long used = usedBytes();
            if (used - existing + data.length > quotaBytes) {
                throw new DataFailure("writing " + data.length + " bytes to '" + path + "' would exceed the data quota of "
                        + quotaBytes + " bytes of plugin " + pluginId + " (" + used + " bytes in use)");
            }
            Path temp = Files.createTempFile(dir, DataPath.TEMP_PREFIX, null);
            try {
                Files.write(temp, data);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new DataFailure("cannot write '" + path + "' in the data folder of plugin " + pluginId + ": " + e);
        }
    }

    /**
     * @return empty when there is no such file (or no folder yet)
     * @throws DataFailure when the path is refused, names a link or a folder, is larger than
     *                     {@code maxBytes}, or cannot be read
     */
    Optional<byte[]> read(String path, long maxBytes) {
        List<String> segments = DataPath.segments(path);
        try {
            Path dir = realFolders(segments, false);
            if (dir == null) return Optional.empty();
            Path target = dir.resolve(segments.get(segments.size() - 1));
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            if (a.isSymbolicLink()) throw new DataFailure("path '" + path + "' is a link; links are not followed");
            if (!a.isRegularFile()) throw new DataFailure("path '" + path + "' is not a file");
            if (a.size() > maxBytes) {
                throw new DataFailure("file '" + path + "' has " + a.size() + " bytes, more than the plugin may hold (" + maxBytes + ")");
            }
            try (SeekableByteChannel ch = Files.newByteChannel(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                 InputStream in = Channels.newInputStream(ch)) {
                byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
                if (bytes.length > maxBytes) throw new DataFailure("file '" + path + "' grew beyond what the plugin may hold (" + maxBytes + ")");
                return Optional.of(bytes);
            }
        } catch (IOException e) {
            throw new DataFailure("cannot read '" + path + "' in the data folder of plugin " + pluginId + ": " + e);
        }
    }

    /**
     * The folder that holds the path's file, each folder on the way checked to be a real folder,
     * not a link; created when {@code create}, else null when one is missing.
     */
    private Path realFolders(List<String> segments, boolean create) throws IOException {
        Path dir = folder;
        if (!checkFolder(dir, "", create)) return null;
        StringBuilder shown = new StringBuilder();
        for (String s : segments.subList(0, segments.size() - 1)) {
            dir = dir.resolve(s);
            shown.append(s).append('/');
            if (!checkFolder(dir, shown.toString(), create)) return null;
        }
        // Belt and braces: whatever the checks above missed, the real path must still lie inside.
        Path real = dir.toRealPath();
        if (!real.startsWith(folder.toRealPath())) {
            throw new DataFailure("path '" + shown + "' leads outside the data folder of plugin " + pluginId);
        }
        return dir;
    }

    private boolean checkFolder(Path dir, String shown, boolean create) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            if (!create) return false;
            Files.createDirectory(dir);
            return true;
        }
        String what = shown.isEmpty() ? "the data folder of plugin " + pluginId : "'" + shown + "'";
        if (a.isSymbolicLink()) throw new DataFailure(what + " is a link; links are not followed");
        if (!a.isDirectory()) throw new DataFailure(what + " is not a folder");
        return true;
    }

    /** The bytes of every regular file under the folder; links are counted as nothing and not followed. */
    private long usedBytes() throws IOException {
        long[] total = {0};
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) return 0;
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }
}
