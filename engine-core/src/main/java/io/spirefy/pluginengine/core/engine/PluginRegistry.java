package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.PluginState;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.SignatureInfo;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.core.archive.PluginSource;
import io.spirefy.pluginengine.core.archive.SourceLoader;
import io.spirefy.pluginengine.core.imports.MalformedModuleException;
import io.spirefy.pluginengine.core.imports.OfferedImports;
import io.spirefy.pluginengine.core.resolve.Candidate;
import io.spirefy.pluginengine.core.resolve.Conflict;
import io.spirefy.pluginengine.core.resolve.Resolver;
import io.spirefy.pluginengine.core.resolve.Snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The loaded plugins: load, unload, start, stop, close, and resolution after each change, with
 * their states moved by the {@link PluginLifecycle}. The only writer of plugin state: every change
 * takes one lock and ends by publishing a new {@link EngineView}; calls read the published view
 * and take no lock, so a slow plugin never blocks the others. No plugin code runs under the lock:
 * what the lifecycle queued (closing pools, warming {@code loadOnStart} instances) runs once it is
 * released.
 */
final class PluginRegistry implements PluginFailures {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PluginEntry> entries = new LinkedHashMap<>();
    private final HostPlugin host = new HostPlugin();
    private final HostNotices notices;
    private final Modules modules;
    private final PluginLifecycle lifecycle;
    private final Set<Conflict> reportedConflicts = new HashSet<>();
    private final AtomicLong loadSequence = new AtomicLong();
    private final BiFunction<PluginDescriptor, SignatureInfo, HostOffer> offers;
    private volatile EngineView view = EngineView.EMPTY;
    private Function<PluginEntry, OfferedImports> offeredImports;
    /** Old plugin ref -> the ref that replaced it, for hook refs read before a replace; bounded by {@link #MAX_REPLACED}. */
    private final Map<String, String> replaced = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_REPLACED;
        }
    };
    private static final int MAX_REPLACED = 256;
    private boolean started;

    /** @param offers what each plugin is granted and offered, decided once as it is registered */
    PluginRegistry(HostNotices notices, Modules modules, int maxInstances, Duration callTimeout,
                   BiFunction<PluginDescriptor, SignatureInfo, HostOffer> offers) {
        this.offers = offers;
        this.notices = notices;
        this.modules = modules;
        this.lifecycle = new PluginLifecycle(notices, maxInstances, callTimeout);
    }

    /** Where new pools get their instances; set once, before anything starts. */
    void instancesFrom(InstancePool.Factory factory) {
        lifecycle.instancesFrom(factory);
    }

    /** What each plugin's module may import, checked when it is loaded; set once, before anything is loaded. */
    void importsOfferedBy(Function<PluginEntry, OfferedImports> offered) {
        this.offeredImports = offered;
    }

    EngineView view() {
        return view;
    }

    HostPlugin host() {
        return host;
    }

    // ---- changes ----------------------------------------------------------------------------

    LoadResult register(SourceLoader.Loaded loaded) {
        List<Problem> found = new ArrayList<>(loaded.problems());
        List<String> registered = new ArrayList<>();
        withLock(() -> {
            for (PluginSource src : loaded.plugins()) {
                String ref = src.descriptor().ref();
                PluginEntry existing = entries.get(ref);
                if (existing != null) {
                    found.add(Problem.error(src.source(), null, "plugin " + ref + " is already loaded from "
                            + existing.source + "; unload it first to replace it"));
                    src.files().release();
                    continue;
                }
                PluginEntry entry = new PluginEntry(src.descriptor(), src.source(), src.files(), src.wasm(),
                        loadSequence.incrementAndGet(), offers.apply(src.descriptor(), src.signature()), src.signature(), src.contracts());
                try {
                    entry.unmetImports(ImportCheck.unmet(entry, offeredImports.apply(entry)));
                } catch (MalformedModuleException e) {
                    found.add(Problem.error(src.source(), src.descriptor().wasm(), "plugin " + ref
                            + ": the module's imports cannot be read: " + e.getMessage()));
                    src.files().release();
                    continue;
                }
                entries.put(ref, entry);
                registered.add(ref);
                notices.stateChanged(ref, null, PluginState.LOADED, null);
            }
            reresolve();
        });
        found.forEach(notices::report);
        return new LoadResult(registered, found);
    }

    /**
     * Replaces a loaded plugin by the one plugin of {@code loaded}, in one step (contract section
     * 7): the new one is compiled and started before anything can see it; then, under the lock,
     * one published view holds the new plugin where the old one was. Calls under way finish on
     * the old instances, which are then closed. When the new one cannot load, resolve or start,
     * the old one stays and the result says why.
     */
    LoadResult replace(String pluginRef, SourceLoader.Loaded loaded) {
        PluginEntry old = require(pluginRef);
        String what = "replacing " + old.ref();
        List<Problem> found = new ArrayList<>(loaded.problems());
        String refused = loaded.plugins().size() == 1 ? null : "the source holds " + loaded.plugins().size() + " plugins, not one";
        if (refused == null && !loaded.plugins().get(0).descriptor().id().equals(old.descriptor.id())) {
            refused = "the source holds plugin " + loaded.plugins().get(0).descriptor().ref() + ", not a version of " + old.descriptor.id();
        }
        if (refused != null || found.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR)) {
            loaded.plugins().forEach(p -> p.files().release());
            return refuse(found, what, old, refused != null ? refused : "the new archive is bad");
        }
        PluginSource src = loaded.plugins().get(0);
        PluginEntry fresh = new PluginEntry(src.descriptor(), src.source(), src.files(), src.wasm(),
                loadSequence.incrementAndGet(), offers.apply(src.descriptor(), src.signature()), src.signature(), src.contracts());
        StagedPlugin staged = new StagedPlugin(fresh, modules);
        try {
            fresh.unmetImports(ImportCheck.unmet(fresh, offeredImports.apply(fresh)));
        } catch (MalformedModuleException e) {
            staged.discard();
            return refuse(found, what, old, "the module's imports cannot be read: " + e.getMessage());
        }
        String why = withLock(() -> whyNotSwappable(old, fresh));
        if (why == null && withLock(() -> started)) why = staged.warm(lifecycle.newPool(fresh));
        if (why == null) why = withLock(() -> swap(old, staged));
        if (why != null) {
            staged.discard();
            return refuse(found, what, old, why);
        }
        // The old instances closed (their calls drained) as the lock was released.
        modules.release(old);
        old.files.release();
        found.forEach(notices::report);
        return new LoadResult(List.of(fresh.ref()), found);
    }

    private LoadResult refuse(List<Problem> found, String what, PluginEntry old, String why) {
        found.add(Problem.error(old.source, null, what + " failed, " + old.ref() + " stays in place: " + why));
        found.forEach(notices::report);
        return new LoadResult(List.of(), found);
    }

    /** Why {@code fresh} cannot take {@code old}'s place now, or null. Under the lock. */
    private String whyNotSwappable(PluginEntry old, PluginEntry fresh) {
        if (entries.get(old.ref()) != old) return old.ref() + " was unloaded or replaced meanwhile";
        PluginEntry other = entries.get(fresh.ref());
        if (other != null && other != old) return "plugin " + fresh.ref() + " is already loaded from " + other.source;
        List<Candidate> candidates = new ArrayList<>();
        candidates.add(new Candidate(host.descriptor(), 0, null));
        for (PluginEntry e : entries.values()) {
            if (e != old) candidates.add(new Candidate(e.descriptor, e.loadSequence, PluginLifecycle.held(e)));
        }
        candidates.add(new Candidate(fresh.descriptor, fresh.loadSequence, PluginLifecycle.held(fresh)));
        return Resolver.resolve(candidates, view.snapshot()).inactiveReason(fresh.ref())
                .map(r -> "the new plugin would not resolve: " + r).orElse(null);
    }

    /** Puts the staged plugin where the old one is, in one published view. Under the lock; returns why not, or null. */
    private String swap(PluginEntry old, StagedPlugin staged) {
        PluginEntry fresh = staged.entry();
        String why = whyNotSwappable(old, fresh);
        if (why != null) return why;
        entries.remove(old.ref());
        entries.put(fresh.ref(), fresh);
        fresh.staged(false);
        old.replacement(fresh);
        replaced.replaceAll((from, to) -> to.equals(old.ref()) ? fresh.ref() : to);
        if (!old.ref().equals(fresh.ref())) replaced.put(old.ref(), fresh.ref());
        replaced.remove(fresh.ref());
        notices.stateChanged(fresh.ref(), null, PluginState.LOADED, null);
        if (staged.pool() != null) {
            fresh.pool(staged.pool());
            lifecycle.transition(fresh, PluginState.RESOLVED, null);
            lifecycle.transition(fresh, PluginState.STARTED, null);
        }
        // Published before the old pool is taken away: a call that then finds it closed looks again and finds the new one.
        reresolve();
        lifecycle.retire(old, true);
        lifecycle.transition(old, PluginState.UNLOADED, null);
        return null;
    }

    void unload(String pluginRef) {
        PluginEntry entry = require(pluginRef);
        InstancePool pool = entry.pool();
        if (pool != null) pool.close(lifecycle.drainNanos());
        withLock(() -> {
            if (entries.remove(entry.ref()) == null) return;
            lifecycle.transition(entry, PluginState.UNLOADED, null);
            reresolve();
        });
        modules.release(entry);
        entry.files.release(); // gives its bytes back to ArchiveLimits.maxRetainedBytes
    }

    /**
     * Starts the engine: every plugin that resolves is started, now and as it comes.
     *
     * @param noRuntimeReason why no runtime can run plugins, or null: said now, as a problem, rather
     *                        than only at the first call
     */
    void startEngine(String noRuntimeReason) {
        if (noRuntimeReason != null && !started) notices.report(Problem.error("engine", null, noRuntimeReason));
        // A module that does not compile fails its plugin here, as it would on first use.
        modules.precompile(withLock(() -> entries.values().stream()
                .filter(e -> e.state() == PluginState.RESOLVED && e.module() == null).toList())).forEach(this::fail);
        withLock(() -> {
            started = true;
            reresolve();
        });
    }

    void start(String pluginRef) {
        PluginEntry entry = require(pluginRef);
        withLock(() -> {
            if (entry.state() == PluginState.STOPPED || entry.state() == PluginState.FAILED) {
                lifecycle.transition(entry, PluginState.LOADED, null);
            }
            reresolve();
        });
    }

    void stop(String pluginRef) {
        PluginEntry entry = require(pluginRef);
        InstancePool pool = entry.pool();
        if (pool != null) pool.close(lifecycle.drainNanos());
        withLock(() -> {
            if (entry.state() != PluginState.UNLOADED) {
                entry.pool(null);
                lifecycle.transition(entry, PluginState.STOPPED, null);
                reresolve();
            }
        });
    }

    /** Stops every plugin, waiting for its calls, and frees its module. */
    void close() {
        for (PluginEntry entry : withLock(() -> new ArrayList<>(entries.values()))) {
            InstancePool pool = entry.pool();
            if (pool != null) pool.close(lifecycle.drainNanos());
            withLock(() -> {
                entry.pool(null);
                if (entry.state() == PluginState.STARTED) lifecycle.transition(entry, PluginState.STOPPED, null);
            });
            modules.release(entry);
        }
    }

    void declare(Runnable hostChange) {
        withLock(() -> {
            hostChange.run();
            reresolve();
        });
    }

    @Override
    public void fail(PluginEntry e, String message) {
        if (e.staged()) {
            // Not in the registry yet: the replace reads the failure and keeps the old plugin.
            e.state(PluginState.FAILED, message);
            return;
        }
        withLock(() -> {
            if (e.state() == PluginState.UNLOADED || e.state() == PluginState.FAILED) return;
            // Not drained: the failing call may be nested under a call that holds another instance.
            lifecycle.retire(e, false);
            lifecycle.transition(e, PluginState.FAILED, message);
            reresolve();
        });
    }

    @Override
    public void report(Problem problem) {
        notices.report(problem);
    }

    // ---- queries ----------------------------------------------------------------------------

    List<PluginInfo> plugins() {
        return withLock(() -> entries.values().stream().map(PluginEntry::info)
                .sorted(Comparator.comparing((PluginInfo p) -> p.descriptor().id()).thenComparing(p -> p.descriptor().version()))
                .toList());
    }

    PluginEntry require(String pluginRef) {
        return view.find(pluginRef).orElseThrow(() -> new PluginEngineException("no plugin " + pluginRef + " is loaded"));
    }

    // ---- resolution -------------------------------------------------------------------------

    /**
     * Recomputes resolution, publishes it, and moves plugins to the state it implies. Under the
     * lock; a plugin that fails to start is held out and resolution runs again, until nothing changes.
     */
    private void reresolve() {
        while (true) {
            List<Candidate> candidates = new ArrayList<>();
            candidates.add(new Candidate(host.descriptor(), 0, null));
            for (PluginEntry e : entries.values()) {
                candidates.add(new Candidate(e.descriptor, e.loadSequence, PluginLifecycle.held(e)));
            }
            Snapshot s = Resolver.resolve(candidates, view.snapshot());
            view = EngineView.of(s, entries, host.contracts(), replaced);
            for (Conflict conflict : s.conflicts()) {
                if (reportedConflicts.add(conflict)) {
                    // Reported against the archive whose declaration is not used.
                    PluginEntry loser = entries.get(conflict.loser());
                    notices.report(Problem.error(loser == null ? "engine" : loser.source, null, conflict.message()));
                }
            }
            boolean again = false;
            for (PluginEntry e : new ArrayList<>(entries.values())) {
                again |= lifecycle.settle(e, s.inactiveReason(e.ref()), started);
            }
            if (!again) return;
        }
    }

    private void withLock(Runnable action) {
        withLock(() -> {
            action.run();
            return null;
        });
    }

    /**
     * Runs under the lock; what the lifecycle queued meanwhile (closing pools, warming instances:
     * both run plugin code) runs after the outermost unlock.
     */
    private <T> T withLock(Supplier<T> action) {
        Runnable pending = null;
        lock.lock();
        T result;
        try {
            result = action.get();
        } finally {
            if (lock.getHoldCount() == 1) pending = lifecycle.takePending(this);
            lock.unlock();
        }
        if (pending != null) pending.run();
        return result;
    }
}
