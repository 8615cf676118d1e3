package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveLimits;
import io.spirefy.pluginengine.api.PluginEngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs one of issue 12's memory attacks in a JVM of its own, so that its heap cap (-Xmx1g in
 * {@link RetainedMemoryTest}) is the attack's only limit and the heap it reports is the archives'
 * alone. Prints {@code key value} lines; an OutOfMemoryError ends the JVM with a non-zero status.
 *
 * <ul>
 *   <li>{@code load <dir>}: loads every archive in the folder and keeps what the loader returned,
 *       as an engine keeps loaded plugins; reports the heap in use after GC; then releases and
 *       drops them, as unloading does, and reports the heap again.</li>
 *   <li>{@code read <archive>}: loads the archive, then reads its big asset 64 times keeping
 *       every answer, as a plugin keeps what ReadFile gives it in its memory.</li>
 * </ul>
 * Also runnable by hand: {@code java -Xmx1g -cp <test classpath> ...RetainedMemoryProbe load <dir>}.
 */
public final class RetainedMemoryProbe {

    private RetainedMemoryProbe() {
    }

    public static void main(String[] args) throws IOException {
        SourceLoader loader = new SourceLoader(ArchiveLimits.DEFAULTS, List.of(new KeyValueFormat()), false);
        System.out.println("heap-before-mib " + heapAfterGcMib());
        switch (args[0]) {
            case "load" -> load(loader, Path.of(args[1]));
            case "read" -> read(loader, Path.of(args[1]));
            default -> throw new IllegalArgumentException("mode load or read, not " + args[0]);
        }
    }

    private static void load(SourceLoader loader, Path dir) throws IOException {
        List<SourceLoader.Loaded> kept = new ArrayList<>();
        List<Path> archives;
        try (Stream<Path> list = Files.list(dir)) {
            archives = list.sorted().toList();
        }
        long start = System.nanoTime();
        int plugins = 0;
        for (Path archive : archives) {
            SourceLoader.Loaded loaded = loader.load(archive);
            loaded.problems().forEach(p -> System.out.println("problem " + p));
            plugins += loaded.plugins().size();
            kept.add(loaded);
        }
        System.out.println("load-ms " + (System.nanoTime() - start) / 1_000_000);
        System.out.println("plugins " + plugins);
        System.out.println("heap-after-mib " + heapAfterGcMib());
        System.out.println("retained-mib " + (loader.retainedBytes() >> 20));
        // Unloading: the engine releases each plugin's files and drops them.
        kept.forEach(loaded -> loaded.plugins().forEach(p -> p.files().release()));
        System.out.println("retained-after-release " + loader.retainedBytes());
        kept.clear();
        System.out.println("heap-after-unload-mib " + heapAfterGcMib());
    }

    private static void read(SourceLoader loader, Path archive) {
        SourceLoader.Loaded loaded = loader.load(archive);
        loaded.problems().forEach(p -> System.out.println("problem " + p));
        PluginFiles files = loaded.plugins().get(0).files();
        List<byte[]> kept = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 64; i++) {
            try {
                Optional<byte[]> data = files.read(BigArchives.ASSET);
                data.ifPresent(kept::add);
            } catch (PluginEngineException e) {
                if (refused++ == 0) System.out.println("refusal " + e.getMessage());
            }
        }
        System.out.println("served " + kept.size());
        System.out.println("refused " + refused);
        System.out.println("heap-after-mib " + heapAfterGcMib());
    }

    private static long heapAfterGcMib() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) >> 20;
    }
}
