package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads an unpacked plugin directory exactly as if it were an archive: the same
 * {@link ArchiveContent} rules (entry count, names, duplicates) and the same unpacked-bytes limit.
 * Its files stay on disk ({@link DiskFile}) and are read when a plugin reads them; only a manifest
 * or module is read now (see {@link ArchiveContent#keepsUnpacked}), counted while reading. The
 * other files count against the unpacked limit by the size the file system gives. A directory has
 * no packed size, so neither the packed limit nor the ratio applies. Links are never followed: a symbolic link
 * anywhere inside (file or folder) is rejected, as is anything that is neither a regular file nor a
 * folder. Children are visited in name order so problems and file order are deterministic.
 */
final class DirectoryReader {

    private static final int CHUNK = 64 * 1024;

    private DirectoryReader() {
    }

    static ArchiveContent read(Path root, ArchiveContent content) {
        UnpackBudget budget = new UnpackBudget(content.source(), content.limits(), -1);
        // Only a signed folder has its every file read at load, to hash it; others stay unread until used.
        boolean hashAll = Files.exists(root.resolve(SignatureCheck.FILE_NAME), LinkOption.NOFOLLOW_LINKS);
        try {
            walk(root, root, content, budget, hashAll);
        } catch (IOException e) {
            throw new ArchiveException(content.source(), null, "cannot read the directory (" + e + ")");
        }
        return content;
    }

    private static void walk(Path root, Path dir, ArchiveContent content, UnpackBudget budget, boolean hashAll) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = new ArrayList<>(list.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path child : children) {
            String rel = relative(root, child);
            BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink()) {
                content.admit(rel, false); // count and name-check first, so '..'-style names are reported as such
                throw new ArchiveException(content.source(), rel, "links are not allowed (the entry is a symbolic link)");
            }
            if (attrs.isDirectory()) {
                content.admit(rel + "/", true);
                walk(root, child, content, budget, hashAll);
            } else if (attrs.isRegularFile()) {
                String name = content.admit(rel, false);
                MessageDigest sha256 = Digests.sha256();
                if (content.keepsUnpacked(name)) {
                    byte[] bytes = readFile(child, rel, budget, sha256);
                    content.put(name, new DiskFile(root, rel, bytes.length), bytes, sha256.digest());
                } else if (hashAll) {
                    long size = hashFile(child, rel, budget, sha256);
                    content.put(name, new DiskFile(root, rel, size), null, sha256.digest());
                } else {
                    budget.consume(rel, attrs.size());
                    content.put(name, new DiskFile(root, rel, attrs.size()), null, null);
                }
            } else {
                throw new ArchiveException(content.source(), rel, "special files (devices, fifos, sockets) are not allowed");
            }
        }
    }

    private static byte[] readFile(Path file, String rel, UnpackBudget budget, MessageDigest sha256) throws IOException {
        BoundedBuffer out = new BoundedBuffer(budget.remainingForOneEntry(), Files.size(file));
        stream(file, rel, budget, sha256, out::write);
        return out.toByteArray();
    }

    /** Hashes a file without keeping it; returns its size as read. */
    private static long hashFile(Path file, String rel, UnpackBudget budget, MessageDigest sha256) throws IOException {
        long[] size = {0};
        stream(file, rel, budget, sha256, (bytes, off, len) -> size[0] += len);
        return size[0];
    }

    /** Streams a file into {@code sink}, counting its bytes against the budget and hashing them. */
    private static void stream(Path file, String rel, UnpackBudget budget, MessageDigest sha256, ChunkSink sink) throws IOException {
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                budget.consume(rel, n);
                sha256.update(chunk, 0, n);
                sink.write(chunk, 0, n);
            }
        }
    }

    /** The child's path relative to the plugin folder, always with '/' whatever the platform. */
    private static String relative(Path root, Path child) {
        StringBuilder out = new StringBuilder();
        for (Path segment : root.relativize(child)) {
            if (out.length() > 0) out.append('/');
            out.append(segment.toString());
        }
        return out.toString();
    }
}
