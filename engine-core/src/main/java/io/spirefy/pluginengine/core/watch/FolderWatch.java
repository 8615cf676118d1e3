package io.spirefy.pluginengine.core.watch;

import io.spirefy.pluginengine.api.EngineReporter;
import io.spirefy.pluginengine.api.FolderAction;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.PluginWatch;
import io.spirefy.pluginengine.api.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Polls a folder and loads, replaces and unloads plugins as its archives come, change and go.
 * Polling rather than a WatchService: a file must be seen unchanged across two looks before it is
 * read (a WatchService says a file was written to, not that the writer is done), and polling
 * behaves the same on every file system, network mounts included.
 */
public final class FolderWatch implements PluginWatch {

    private static final List<String> ARCHIVES = List.of(".zip", ".tar.gz", ".tgz");
    private static final List<String> IN_PROGRESS = List.of(".part", ".tmp", ".crdownload");

    /** An archive the watch acted on: what it looked like then, and the plugin it holds (null if none loaded). */
    private record Known(FileStamp stamp, String pluginRef) {
    }

    private final PluginEngine engine;
    private final EngineReporter reporter;
    private final Path folder;
    private final ScheduledExecutorService poller;
    private final Map<Path, Known> known = new HashMap<>();
    /** What each file not yet acted on looked like at the last look: acted on when the next look sees the same. */
    private final Map<Path, FileStamp> settling = new HashMap<>();

    private FolderWatch(PluginEngine engine, EngineReporter reporter, Path folder) {
        this.engine = engine;
        this.reporter = reporter;
        this.folder = folder;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pluginengine-watch " + folder.getFileName());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching: the folder's archives are considered at once, then every {@code interval}. */
    public static FolderWatch start(PluginEngine engine, EngineReporter reporter, Path folder, Duration interval) {
        if (!Files.isDirectory(folder) || !Files.isReadable(folder)) {
            throw new PluginEngineException("plugin folder " + folder + " is not a readable directory");
        }
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive: " + interval);
        FolderWatch watch = new FolderWatch(engine, reporter, folder);
        watch.adoptLoaded();
        watch.poller.scheduleWithFixedDelay(watch::pollSafely, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        return watch;
    }

    @Override
    public Path folder() {
        return folder;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            // An action under way (a replace draining calls) ends by itself; it is not interrupted halfway.
            poller.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Archives the host already loaded from this folder are the watch's from the start: not loaded twice. */
    private void adoptLoaded() {
        Map<Path, String> loadedFrom = new HashMap<>();
        for (PluginInfo p : engine.plugins()) {
            try {
                loadedFrom.put(Path.of(p.source()).toAbsolutePath().normalize(), p.descriptor().ref());
            } catch (RuntimeException e) {
                // a source that is not a path (loaded from bytes): not from this folder
            }
        }
        for (Path file : archives()) {
            String ref = loadedFrom.get(file.toAbsolutePath().normalize());
            FileStamp stamp = FileStamp.of(file);
            if (ref != null && stamp != null) known.put(file, new Known(stamp, ref));
        }
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // One bad look must not end the watch: the executor would never run it again.
            reporter.problem(Problem.error(folder.toString(), null, "watching the plugin folder failed: " + e));
        }
    }

    /** One look: acts on every archive that is new, changed or gone and has settled. */
    void poll() {
        Map<Path, FileStamp> now = new TreeMap<>();
        for (Path file : archives()) {
            FileStamp stamp = FileStamp.of(file);
            if (stamp != null) now.put(file, stamp);
        }
        for (Iterator<Map.Entry<Path, Known>> it = known.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Known> k = it.next();
            if (now.containsKey(k.getKey())) continue;
            it.remove();
            settling.remove(k.getKey());
            removed(k.getKey(), k.getValue());
        }
        settling.keySet().retainAll(now.keySet());
        for (Map.Entry<Path, FileStamp> f : now.entrySet()) {
            if (Thread.currentThread().isInterrupted()) return;
            Path file = f.getKey();
            FileStamp stamp = f.getValue();
            Known before = known.get(file);
            if (before != null && before.stamp().equals(stamp)) {
                settling.remove(file);
                continue;
            }
            // Still being written, or first seen: wait for the next look to show the same.
            if (!stamp.equals(settling.put(file, stamp))) continue;
            settling.remove(file);
            known.put(file, before == null || before.pluginRef() == null ? added(file, stamp) : changed(file, stamp, before));
        }
    }

    private Known added(Path file, FileStamp stamp) {
        LoadResult result = loadQuietly(() -> engine.load(file));
        if (result.loaded().isEmpty()) {
            report(FolderAction.Kind.FAILED, file, null, why(result));
            return new Known(stamp, null);
        }
        // An archive holds one plugin; the first is the one a change of the file replaces.
        String ref = result.loaded().get(0);
        report(FolderAction.Kind.LOADED, file, ref, null);
        return new Known(stamp, ref);
    }

    private Known changed(Path file, FileStamp stamp, Known before) {
        if (engine.plugin(before.pluginRef()).isEmpty()) {
            // The host unloaded it meanwhile: the changed archive is simply new again.
            return added(file, stamp);
        }
        LoadResult result = loadQuietly(() -> engine.replace(before.pluginRef(), file));
        if (result.loaded().isEmpty()) {
            // The old plugin stays; the file is not retried until it changes again.
            report(FolderAction.Kind.FAILED, file, before.pluginRef(), why(result));
            return new Known(stamp, before.pluginRef());
        }
        String ref = result.loaded().get(0);
        report(FolderAction.Kind.REPLACED, file, ref, before.pluginRef());
        return new Known(stamp, ref);
    }

    private void removed(Path file, Known was) {
        if (was.pluginRef() == null || engine.plugin(was.pluginRef()).isEmpty()) return;
        try {
            engine.unload(was.pluginRef());
            report(FolderAction.Kind.UNLOADED, file, was.pluginRef(), null);
        } catch (PluginEngineException e) {
            report(FolderAction.Kind.FAILED, file, was.pluginRef(), "unloading failed: " + e.getMessage());
        }
    }

    private LoadResult loadQuietly(java.util.function.Supplier<LoadResult> action) {
        try {
            return action.get();
        } catch (PluginEngineException e) {
            // The file went away between the look and the read, or cannot be read: a failed action, not a dead watch.
            return new LoadResult(List.of(), List.of(Problem.error(folder.toString(), null, e.getMessage())));
        }
    }

    private static String why(LoadResult result) {
        return result.problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR)
                .map(Problem::message).collect(Collectors.joining("; "));
    }

    private void report(FolderAction.Kind kind, Path file, String ref, String detail) {
        try {
            reporter.folderAction(new FolderAction(kind, file, ref, detail));
        } catch (RuntimeException e) {
            // the host's reporter failing must not stop the watch
        }
    }

    private List<Path> archives() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(FolderWatch::isArchive).sorted().toList();
        } catch (IOException e) {
            throw new PluginEngineException("plugin folder " + folder + " cannot be listed: " + e.getMessage(), e);
        }
    }

    static boolean isArchive(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.startsWith(".") || IN_PROGRESS.stream().anyMatch(name::endsWith)) return false;
        return ARCHIVES.stream().anyMatch(name::endsWith);
    }
}
