package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.api.CodeCache;
import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.EngineReporter;
import io.spirefy.pluginengine.api.GuestLine;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.core.PluginEngines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * An engine built for one command, with every {@code --plugins} path loaded into it. A bad path
 * never stops the others: it becomes a problem, which the command lists or reports.
 */
public final class EngineSession implements AutoCloseable {

    /** How many errors {@link #whyNothingLoaded()} spells out; the rest are counted. */
    private static final int SHOWN_ERRORS = 3;

    private final PluginEngine engine;
    private final List<Path> paths;
    private final List<Problem> unreadable = new ArrayList<>();
    private int loaded;

    private final List<Problem> cacheWarnings;

    private EngineSession(PluginEngine engine, List<Path> paths, List<Problem> cacheWarnings) {
        this.engine = engine;
        this.paths = List.copyOf(paths);
        this.cacheWarnings = cacheWarnings;
    }

    /**
     * Builds the engine and loads every path.
     *
     * @param runtime the runtime's name, or {@code null} for the engine's default choice
     * @param cache   where compiled code is kept between runs, or {@code null} for nowhere
     * @param guestOutput where the plugins' own output lines go, or {@code null} to drop them
     * @param setup   applies the command's other options ({@link EngineOptions}) to the builder
     * @throws CliException of {@link CliException#USAGE} when the runtime is unknown or unusable
     */
    public static EngineSession open(String runtime, EngineLimits limits, List<Path> paths, CodeCache cache,
                                     Consumer<GuestLine> guestOutput, Consumer<PluginEngine.Builder> setup) {
        List<Problem> cacheWarnings = new CopyOnWriteArrayList<>();
        PluginEngine.Builder builder = PluginEngines.builder().limits(limits)
                .reporter(new CliReporter(cacheWarnings, guestOutput == null ? line -> { } : guestOutput));
        if (runtime != null) builder.runtime(runtime);
        if (cache != null) builder.codeCache(cache);
        setup.accept(builder);
        PluginEngine engine;
        try {
            engine = builder.build();
        } catch (PluginEngineException e) {
            throw new CliException(CliException.USAGE, e.getMessage(), e);
        }
        EngineSession session = new EngineSession(engine, paths, cacheWarnings);
        for (Path p : paths) session.load(p);
        return session;
    }

    private void load(Path path) {
        try {
            loaded += engine.load(path).loaded().size();
        } catch (PluginEngineException e) {
            // Only the path itself failed (missing, unreadable): the others still load.
            unreadable.add(Problem.error(path.toString(), null, e.getMessage()));
        }
    }

    public PluginEngine engine() {
        return engine;
    }

    /** Everything wrong with the sources: what the engine reported, and paths it could not read at all. */
    public List<Problem> problems() {
        List<Problem> all = new ArrayList<>(unreadable);
        all.addAll(engine.problems());
        all.addAll(cacheWarnings);
        return all;
    }

    /**
     * True when no plugin was loaded and something went wrong: a path could not be read, or what it
     * held was refused (a bad manifest, a bad archive...).
     */
    public boolean nothingLoaded() {
        return loaded == 0 && problems().stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    /**
     * One line saying that nothing loaded and what went wrong, for a command whose problems are not
     * on stderr already: "could not be read" would mislead for a manifest the engine read and refused.
     */
    public String whyNothingLoaded() {
        List<String> errors = problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR)
                .map(p -> oneLine(p.toString())).toList();
        String shown = String.join("; ", errors.subList(0, Math.min(errors.size(), SHOWN_ERRORS)));
        return nothingLoadedFrom() + ": " + shown
                + (errors.size() > SHOWN_ERRORS ? "; and " + (errors.size() - SHOWN_ERRORS) + " more" : "");
    }

    private String nothingLoadedFrom() {
        return "no plugin could be loaded from " + paths.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    /** Writes each problem on one line of stderr, so that the command can go on with the rest. */
    public void reportProblems(Io io, String command) {
        for (Problem p : problems()) {
            io.err().println(command + ": " + p.severity().name().toLowerCase(java.util.Locale.ROOT) + ": " + oneLine(p.toString()));
        }
    }

    /**
     * Reports problems, then fails with {@link CliException#USAGE} when no plugin at all could be loaded.
     */
    public void requireSomethingLoaded(Io io, String command) {
        reportProblems(io, command);
        // The problems are on stderr just above: the last line need not repeat them.
        if (nothingLoaded()) throw new CliException(CliException.USAGE, nothingLoadedFrom());
    }

    @Override
    public void close() {
        engine.close();
    }

    /** Messages from archives and plugins may span lines; stderr gets one line per problem. */
    public static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /**
     * The CLI collects problems from {@link PluginEngine#problems()} and listener failures from
     * {@link DeliveryReport}; the default reporter would log them a second time. Only what the
     * code cache reports (an entry that failed its check, a folder it cannot use) reaches no other
     * list: those are kept, as problems of the cache folder. Guest output goes where
     * {@code --guest-output} says, not to System.Logger, whose default console handler would write
     * it to stderr around the command's own lines in its own format.
     */
    private record CliReporter(List<Problem> kept, Consumer<GuestLine> guestLines) implements EngineReporter {
        @Override
        public void guestOutput(GuestLine line) {
            guestLines.accept(line);
        }

        @Override
        public void problem(Problem problem) {
            if (problem.source().startsWith("code cache ")) kept.add(problem);
        }

        @Override
        public void listenerFailed(String eventId, DeliveryReport.ListenerFailure failure) {
        }
    }
}
