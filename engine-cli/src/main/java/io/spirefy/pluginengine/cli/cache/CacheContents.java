package io.spirefy.pluginengine.cli.cache;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * What the runtimes keep in a cache folder, one subfolder each, and removing it. Only those
 * subfolders are ever touched: a {@code --cache} pointed at the wrong folder loses nothing else,
 * and the key file, which lies beside the folder, is never inside what is cleared. Links are not
 * followed: a link is counted and removed as itself.
 */
public final class CacheContents {

    /** The runtimes' subfolders: Chicory's entries, and libextism's (wasmtime's) files. */
    public static final List<String> SUBFOLDERS = List.of("chicory", "extism");

    /** The extism runtime's wasmtime configuration: no entry, so neither counted nor cleared. */
    static final String EXTISM_CONFIG = "wasmtime-cache.toml";

    private CacheContents() {
    }

    /** Files and their bytes under one subfolder. */
    public record Usage(String subfolder, long files, long bytes) {
    }

    /** The usage of each runtime's subfolder of {@code folder}, in {@link #SUBFOLDERS} order; zero when absent. */
    public static List<Usage> usage(Path folder) throws IOException {
        return SUBFOLDERS.stream().map(name -> measure(folder, name)).toList();
    }

    /**
     * Deletes the entries under each runtime's subfolder of {@code folder} (files, and the folders
     * they leave empty; the subfolders themselves stay); returns what was deleted.
     */
    public static Usage clear(Path folder) throws IOException {
        long files = 0;
        long bytes = 0;
        for (String name : SUBFOLDERS) {
            Path sub = folder.resolve(name);
            Counter c = new Counter(sub, true);
            walk(sub, c);
            files += c.files;
            bytes += c.bytes;
        }
        return new Usage("all", files, bytes);
    }

    private static Usage measure(Path folder, String name) {
        Path sub = folder.resolve(name);
        Counter c = new Counter(sub, false);
        try {
            walk(sub, c);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Usage(name, c.files, c.bytes);
    }

    private static void walk(Path dir, Counter counter) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(dir, counter);
    }

    private static final class Counter extends SimpleFileVisitor<Path> {
        private final Path root;
        private final boolean delete;
        long files;
        long bytes;

        Counter(Path root, boolean delete) {
            this.root = root;
            this.delete = delete;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (file.getParent().equals(root) && file.getFileName().toString().equals(EXTISM_CONFIG)) return FileVisitResult.CONTINUE;
            files++;
            bytes += attrs.isRegularFile() ? attrs.size() : 0;
            if (delete) Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            // Removed meanwhile by another process sharing the folder: nothing left to count.
            if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
            throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) throw e;
            if (delete && !dir.equals(root)) {
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException filledMeanwhile) {
                    // another process sharing the folder wrote an entry since: it stays
                }
            }
            return FileVisitResult.CONTINUE;
        }
    }
}
