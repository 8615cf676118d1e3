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
        try {
            walk(root, root, content, budget);
        } catch (IOException e) {
            throw new ArchiveException(content.source(), null, "cannot read the directory (" + e + ")");
        }
        return content;
    }

    private static void walk(Path root, Path dir, ArchiveContent content, UnpackBudget budget) throws IOException {
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
                walk(root, child, content, budget);
            } else if (attrs.isRegularFile()) {
                String name = content.admit(rel, false);
                if (content.keepsUnpacked(name)) {
                    byte[] bytes = readFile(child, rel, budget);
                    content.put(name, new DiskFile(root, rel, bytes.length), bytes);
                } else {
                    budget.consume(rel, attrs.size());
                    content.put(name, new DiskFile(root, rel, attrs.size()), null);
                }
            } else {
                throw new ArchiveException(content.source(), rel, "special files (devices, fifos, sockets) are not allowed");
            }
        }
    }

    private static byte[] readFile(Path file, String rel, UnpackBudget budget) throws IOException {
        BoundedBuffer out = new BoundedBuffer(budget.remainingForOneEntry(), Files.size(file));
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                budget.consume(rel, n);
                out.write(chunk, 0, n);
            }
        }
        return out.toByteArray();
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
