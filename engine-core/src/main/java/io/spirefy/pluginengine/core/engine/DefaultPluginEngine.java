package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.AnchorInfo;
import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.EngineReporter;
import io.spirefy.pluginengine.api.EventInfo;
import io.spirefy.pluginengine.api.EventListener;
import io.spirefy.pluginengine.api.EventMessage;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.HostDeclarations;
import io.spirefy.pluginengine.api.ListenerInfo;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.PluginState;
import io.spirefy.pluginengine.api.PluginStateListener;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Event;
import io.spirefy.pluginengine.api.plugin.Listener;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.api.spi.WasmRuntime;
import io.spirefy.pluginengine.core.archive.PluginSource;
import io.spirefy.pluginengine.core.archive.SourceLoader;
import io.spirefy.pluginengine.core.resolve.Candidate;
import io.spirefy.pluginengine.core.resolve.Resolver;
import io.spirefy.pluginengine.core.resolve.Snapshot;
import io.spirefy.pluginengine.core.resolve.TargetKey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine. State changes (load, unload, start, stop, host declarations) take one lock and end
 * by publishing a new resolution {@link Snapshot}; calls read the published snapshot and take no
 * engine lock, so a slow plugin never blocks the others.
 */
final class DefaultPluginEngine implements PluginEngine {

    private static final Version HOST_VERSION = Version.of(0, 0, 0);
    /** How often a trapping start export is tried on a fresh instance before the plugin is FAILED. */
    private static final int START_ATTEMPTS = 3;

    private final WasmRuntime runtime;
    private final String noRuntimeReason;
    private final EngineLimits limits;
    private final SourceLoader loader;
    private final List<HostFunction> hostAdded;
    private final Executor eventExecutor;
    private final EngineReporter reporter;
    private final List<PluginStateListener> stateListeners = new CopyOnWriteArrayList<>();
    private final HostFunctions hostFunctions = new HostFunctions(this);
    private final Watchdog watchdog = new Watchdog();
    private final AtomicInteger threadHomes = new AtomicInteger();
    private final ThreadLocal<ThreadCalls> calls = ThreadLocal.withInitial(() -> new ThreadCalls(threadHomes.getAndIncrement()));
    /** {@link EngineLimits#callTimeout()} in nanoseconds, read on every call. */
    private final long callTimeoutNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PluginEntry> entries = new LinkedHashMap<>();
    private final List<Anchor> hostAnchors = new ArrayList<>();
    private final List<Event> hostEvents = new ArrayList<>();
    // Read by deliveries without the lock; written under it. Insertion order keeps the host descriptor stable.
    private final Map<String, JavaListener> javaListeners = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Retired> poolsToClose = new ArrayList<>();

    /** A pool to close once the lock is released; {@code drain} waits for its calls first. */
    private record Retired(InstancePool pool, boolean drain) {
    }
    private final Set<String> reportedConflicts = new HashSet<>();
    private final List<Problem> problems = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong loadSequence = new AtomicLong();
    private volatile Snapshot snapshot = Snapshot.empty();
    /** An immutable copy of {@link #entries}, published with each snapshot, for the lock-free call path. */
    private volatile Map<String, PluginEntry> published = Map.of();
    private boolean started;
    private volatile boolean closed;

    private record JavaListener(Listener declaration, EventListener listener) {
    }

    /**
     * What one thread is doing in this engine: the plugin function it runs innermost, and how deep
     * it is in Java listeners (which have no frame but count toward the depth limit). One
     * thread-local for both, read once per call.
     */
    private static final class ThreadCalls {
        /** This thread's starting point in every pool (see InstancePool#acquire); threads get consecutive ones. */
        final int home;
        CallFrame frame;
        int hostDepth;

        ThreadCalls(int home) {
            this.home = home;
        }

        /** The depth a call made now on this thread would have. */
        int nextDepth() {
            return (frame == null ? 0 : frame.depth) + hostDepth + 1;
        }
    }

    DefaultPluginEngine(WasmRuntime runtime, String noRuntimeReason, EngineLimits limits, SourceLoader loader,
                        List<HostFunction> hostAdded, Executor eventExecutor, EngineReporter reporter,
                        List<PluginStateListener> stateListeners) {
        this.runtime = runtime;
        this.noRuntimeReason = noRuntimeReason;
        this.limits = limits;
        this.callTimeoutNanos = limits.callTimeout().toNanos();
        this.loader = loader;
        this.hostAdded = List.copyOf(hostAdded);
        this.eventExecutor = eventExecutor;
        this.reporter = reporter;
        this.stateListeners.addAll(stateListeners);
    }

    Snapshot snapshot() {
        return snapshot;
    }

    // ---- loading ----------------------------------------------------------------------------

    @Override
    public LoadResult load(Path path) {
        return register(loader.load(path));
    }

    @Override
    public LoadResult load(String sourceName, byte[] archive) {
        return register(loader.load(sourceName, archive));
    }

    private LoadResult register(SourceLoader.Loaded loaded) {
        ensureOpen();
        List<Problem> found = new ArrayList<>(loaded.problems());
        List<String> registered = new ArrayList<>();
        withLock(() -> {
            for (PluginSource src : loaded.plugins()) {
                String ref = src.descriptor().ref();
                PluginEntry existing = entries.get(ref);
                if (existing != null) {
                    found.add(Problem.error(src.source(), null, "plugin " + ref + " is already loaded from "
                            + existing.source + "; unload it first to replace it"));
                    continue;
                }
                PluginEntry entry = new PluginEntry(src.descriptor(), src.source(), src.files(), src.wasm(),
                        loadSequence.incrementAndGet());
                entries.put(ref, entry);
                registered.add(ref);
                notifyState(entry, null, PluginState.LOADED, null);
            }
            reresolve();
        });
        found.forEach(this::report);
        return new LoadResult(registered, found);
    }

    @Override
    public void unload(String pluginRef) {
        PluginEntry entry = require(pluginRef);
        InstancePool pool = entry.pool();
        if (pool != null) pool.close(drainNanos());
        withLock(() -> {
            if (entries.remove(entry.ref()) == null) return;
            PluginState from = entry.state();
            entry.state(PluginState.UNLOADED, null);
            notifyState(entry, from, PluginState.UNLOADED, null);
            reresolve();
        });
        closeModule(entry);
        entry.files.release(); // gives its bytes back to ArchiveLimits.maxRetainedBytes
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    @Override
    public void start() {
        ensureOpen();
        precompile();
        withLock(() -> {
            started = true;
            reresolve();
        });
    }

    /**
     * Compiles, on all cores, the modules of the plugins this start is about to start, before
     * taking the lock. Compiling is most of a plugin's first call on Chicory (about half of
     * loading 100 plugins and calling each once in a fresh JVM) and modules compile independently;
     * the instances are still made on first use (or at start with {@code loadOnStart}), as the
     * contract says. A module that does not compile fails its plugin here, as it would on first use.
     */
    private void precompile() {
        if (runtime == null) return;
        List<PluginEntry> toCompile = withLock(() -> entries.values().stream()
                .filter(e -> e.state() == PluginState.RESOLVED && e.module() == null).toList());
        if (toCompile.size() < 2) return;
        toCompile.parallelStream().forEach(entry -> {
            try {
                compiled(entry);
            } catch (PluginEngineException e) {
                // compiled() has marked the plugin FAILED with the reason; the others go on.
            }
        });
    }

    @Override
    public void start(String pluginRef) {
        ensureOpen();
        PluginEntry entry = require(pluginRef);
        withLock(() -> {
            if (entry.state() == PluginState.STOPPED || entry.state() == PluginState.FAILED) {
                transition(entry, PluginState.LOADED, null);
            }
            reresolve();
        });
    }

    @Override
    public void stop(String pluginRef) {
        PluginEntry entry = require(pluginRef);
        InstancePool pool = entry.pool();
        if (pool != null) pool.close(drainNanos());
        withLock(() -> {
            if (entry.state() != PluginState.UNLOADED) {
                entry.pool(null);
                transition(entry, PluginState.STOPPED, null);
                reresolve();
            }
        });
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        List<PluginEntry> all = withLock(() -> new ArrayList<>(entries.values()));
        for (PluginEntry entry : all) {
            InstancePool pool = entry.pool();
            if (pool != null) pool.close(drainNanos());
            withLock(() -> {
                entry.pool(null);
                if (entry.state() == PluginState.STARTED) transition(entry, PluginState.STOPPED, null);
            });
            closeModule(entry);
        }
        watchdog.close();
    }

    private long drainNanos() {
        // Calls under way end by their own timeout at the latest; wait a little longer than that.
        return limits.callTimeout().toNanos() + Duration.ofSeconds(1).toNanos();
    }

    /**
     * Recomputes resolution and moves plugins to the state it implies. Runs under the lock;
     * a plugin that fails to start is held out and resolution runs again, until nothing changes.
     */
    private void reresolve() {
        while (true) {
            List<Candidate> candidates = new ArrayList<>();
            candidates.add(new Candidate(hostDescriptor(), 0, null));
            for (PluginEntry e : entries.values()) {
                candidates.add(new Candidate(e.descriptor, e.loadSequence, held(e)));
            }
            Snapshot s = Resolver.resolve(candidates);
            published = Map.copyOf(entries);
            snapshot = s;
            for (String conflict : s.conflicts()) {
                if (reportedConflicts.add(conflict)) {
                    report(Problem.error(sourceOfConflict(conflict), null, conflict));
                }
            }
            boolean again = false;
            for (PluginEntry e : new ArrayList<>(entries.values())) {
                Optional<String> inactive = s.inactiveReason(e.ref());
                switch (e.state()) {
                    case LOADED -> {
                        if (inactive.isEmpty()) transition(e, PluginState.RESOLVED, null);
                        else e.state(PluginState.LOADED, inactive.get());
                    }
                    case RESOLVED -> {
                        if (inactive.isPresent()) transition(e, PluginState.LOADED, inactive.get());
                    }
                    case STARTED -> {
                        if (inactive.isPresent()) {
                            retirePool(e, true);
                            transition(e, PluginState.LOADED, inactive.get());
                        }
                    }
                    default -> {
                    }
                }
                if (started && e.state() == PluginState.RESOLVED) {
                    startEntry(e);
                    if (e.state() == PluginState.FAILED) again = true;
                }
            }
            if (!again) return;
        }
    }

    private String sourceOfConflict(String conflict) {
        // The conflict names the losing plugin first; report it against that plugin's source.
        for (PluginEntry e : entries.values()) {
            if (conflict.contains("declared by " + e.ref() + " conflicts")) return e.source;
        }
        return "engine";
    }

    private static String held(PluginEntry e) {
        return switch (e.state()) {
            case STOPPED -> "stopped by the host";
            case FAILED -> "failed: " + e.failure();
            case UNLOADED -> "unloaded";
            default -> null;
        };
    }

    private void startEntry(PluginEntry e) {
        e.pool(new InstancePool(e, new Factory(), limits.maxInstancesPerPlugin()));
        transition(e, PluginState.STARTED, null);
        if (e.descriptor.loadOnStart()) {
            try {
                e.pool().warm();
            } catch (PluginEngineException ex) {
                // create() already marked the plugin FAILED when its start export failed.
                if (e.state() != PluginState.FAILED) fail(e, ex.getMessage());
            }
        }
    }

    private void fail(PluginEntry e, String message) {
        withLock(() -> {
            if (e.state() == PluginState.UNLOADED || e.state() == PluginState.FAILED) return;
            // Not drained: the failing call may be nested under a call that holds another instance.
            retirePool(e, false);
            transition(e, PluginState.FAILED, message);
            reresolve();
        });
    }

    private void retirePool(PluginEntry e, boolean drain) {
        InstancePool pool = e.pool();
        e.pool(null);
        if (pool != null) poolsToClose.add(new Retired(pool, drain));
    }

    private void transition(PluginEntry e, PluginState to, String cause) {
        PluginState from = e.state();
        e.state(to, cause);
        if (from != to) notifyState(e, from, to, cause);
    }

    private void notifyState(PluginEntry e, PluginState from, PluginState to, String cause) {
        for (PluginStateListener l : stateListeners) {
            try {
                l.stateChanged(e.ref(), from, to, cause);
            } catch (RuntimeException ex) {
                report(Problem.warning("engine", null, "a plugin state listener threw on " + e.ref() + " " + from + " -> " + to + ": " + ex));
            }
        }
    }

    private void withLock(Runnable action) {
        withLock(() -> {
            action.run();
            return null;
        });
    }

    /** Runs under the lock; pools retired meanwhile are closed after the outermost unlock, since closing waits for calls. */
    private <T> T withLock(java.util.function.Supplier<T> action) {
        List<Retired> retired = List.of();
        lock.lock();
        T result;
        try {
            result = action.get();
        } finally {
            if (lock.getHoldCount() == 1 && !poolsToClose.isEmpty()) {
                retired = new ArrayList<>(poolsToClose);
                poolsToClose.clear();
            }
            lock.unlock();
        }
        for (Retired r : retired) r.pool().close(r.drain() ? drainNanos() : 0);
        return result;
    }

    private void closeModule(PluginEntry entry) {
        WasmModule module = entry.module();
        entry.module(null);
        if (module != null) module.close();
    }

    // ---- instances ----------------------------------------------------------------------------

    /** Makes instances with the engine's host functions and runs {@code start}/{@code stop} under the call limits. */
    private final class Factory implements InstancePool.Factory {

        @Override
        public InstanceSlot create(PluginEntry entry) {
            WasmModule module = compiled(entry);
            for (int attempt = 1; ; attempt++) {
                InstanceSlot slot = new InstanceSlot(entry, watchdog);
                WasmInstance instance;
                try {
                    instance = module.instantiate(hostFunctions.forInstance(slot, hostAdded));
                } catch (WasmException e) {
                    slot.discard();
                    String message = "instantiation failed: " + e.getMessage();
                    fail(entry, message);
                    throw new PluginCallException(CallFailure.INSTANTIATION, entry.ref(), null, message, e);
                }
                slot.attach(instance);
                if (!instance.hasFunction("start")) return slot;
                try {
                    invoke(slot, "start", new byte[0], null);
                    return slot;
                } catch (PluginCallException e) {
                    slot.discard();
                    // A start that trapped may have been stopped from outside (libextism interrupts
                    // every instance of a module when one is cancelled): try a fresh instance before
                    // calling the plugin FAILED. A start that reported an error, or ran out of time,
                    // fails at once, as the contract says.
                    if (e.failure() == CallFailure.TRAP && attempt < START_ATTEMPTS) continue;
                    String message = "start failed: " + e.detail();
                    fail(entry, message);
                    throw new PluginCallException(CallFailure.INSTANTIATION, entry.ref(), "start", e.detail(), e);
                }
            }
        }

        @Override
        public void destroy(InstanceSlot slot, boolean runStop) {
            try {
                if (runStop && slot.instance().hasFunction("stop")) {
                    invoke(slot, "stop", new byte[0], null);
                }
            } catch (PluginEngineException e) {
                report(Problem.warning(slot.entry().source, null, "plugin " + slot.entry().ref() + " stop failed: " + e.getMessage()));
            } finally {
                slot.discard();
            }
        }
    }

    private WasmModule compiled(PluginEntry entry) {
        synchronized (entry) {
            WasmModule module = entry.module();
            if (module != null) return module;
            if (runtime == null) {
                throw new PluginCallException(CallFailure.INSTANTIATION, entry.ref(), null, noRuntimeReason);
            }
            try {
                module = runtime.compile(new ModuleSpec(entry.ref(), entry.wasm, limits.maxMemoryPages()));
            } catch (WasmException e) {
                String message = "the module could not be compiled by runtime " + runtime.name() + ": " + e.getMessage();
                fail(entry, message);
                throw new PluginCallException(CallFailure.INSTANTIATION, entry.ref(), null, message, e);
            }
            entry.module(module);
            return module;
        }
    }

    // ---- calls ----------------------------------------------------------------------------------

    /** Runs one export on an instance the caller holds, with the timeout, deadline and depth limits. */
    private byte[] invoke(InstanceSlot slot, String function, byte[] input, Duration deadline) {
        return invoke(calls.get(), slot, function, input, deadline);
    }

    private byte[] invoke(ThreadCalls thread, InstanceSlot slot, String function, byte[] input, Duration deadline) {
        CallFrame parent = thread.frame;
        String ref = slot.entry().ref();
        checkDepth(thread, ref, function);
        long absoluteDeadline = parent != null ? parent.deadline
                : deadline != null ? System.nanoTime() + deadline.toNanos() : Long.MAX_VALUE;
        CallFrame frame = new CallFrame(parent, slot, callTimeoutNanos, absoluteDeadline);
        // The parent's clock is already paused: CallHook and SendEvent pause it for their whole
        // duration (see waitingInEngine), instantiation of the callee included.
        thread.frame = frame;
        frame.run();
        try {
            return slot.instance().call(function, input);
        } catch (WasmException e) {
            // Stopped first: translate asks whether the watchdog timed the call out, which is
            // settled only once no cancel of it can still be under way.
            frame.finish();
            throw translate(e, frame, ref, function);
        } finally {
            frame.finish();
            thread.frame = parent;
        }
    }

    /** Refuses a call that would nest deeper than the limit: the depth this thread's next call would have. */
    private void checkDepth(ThreadCalls thread, String ref, String function) {
        int depth = thread.nextDepth();
        if (depth > limits.maxCallDepth()) {
            throw new PluginCallException(CallFailure.CALL_DEPTH, ref, function,
                    "call depth " + depth + " exceeds the limit of " + limits.maxCallDepth());
        }
    }

    /**
     * Runs an engine call a plugin made (CallHook, SendEvent) with the plugin's clock stopped:
     * its timeout counts its own execution, not this wait (contract section 7).
     */
    <T> T waitingInEngine(java.util.function.Supplier<T> engineCall) {
        CallFrame caller = calls.get().frame;
        if (caller != null) caller.pause();
        try {
            return engineCall.get();
        } finally {
            if (caller != null) caller.run();
        }
    }

    private PluginCallException translate(WasmException e, CallFrame frame, String ref, String function) {
        CallFailure failure = switch (e.kind()) {
            case GUEST_ERROR -> CallFailure.PLUGIN_ERROR;
            case TRAP -> CallFailure.TRAP;
            case MEMORY_LIMIT -> CallFailure.MEMORY_LIMIT;
            case CANCELLED -> frame.timedOut() ? CallFailure.TIMEOUT : CallFailure.CLOSED;
            case NO_SUCH_FUNCTION -> CallFailure.NOT_FOUND;
            case LINK -> CallFailure.INSTANTIATION;
        };
        if (failure != CallFailure.PLUGIN_ERROR && failure != CallFailure.NOT_FOUND) frame.slot.markBroken();
        String detail = e.getMessage();
        if (failure == CallFailure.TIMEOUT) {
            detail = frame.deadlinePassed() ? "the caller's deadline passed" : "ran longer than the call timeout of " + limits.callTimeout().toMillis() + " ms";
        }
        return new PluginCallException(failure, ref, function, detail, e);
    }

    /** Calls an export of a started plugin on an instance of its pool. */
    private byte[] callPlugin(PluginEntry entry, String function, byte[] input, Duration deadline) {
        if (entry.state() != PluginState.STARTED) {
            throw new PluginCallException(CallFailure.INACTIVE, entry.ref(), function, "plugin is " + entry.state()
                    + (entry.failure() == null ? "" : " (" + entry.failure() + ")")
                    + (entry.state() == PluginState.RESOLVED ? "; start the engine first" : ""));
        }
        InstancePool pool = entry.pool();
        if (pool == null) {
            throw new PluginCallException(CallFailure.CLOSED, entry.ref(), function, "the plugin is stopping");
        }
        // Before taking an instance: a call refused for its depth must not wait for one (all may
        // be held by its own callers) nor instantiate one it will never use.
        ThreadCalls thread = calls.get();
        checkDepth(thread, entry.ref(), function);
        InstanceSlot slot = pool.acquire(callTimeoutNanos, thread.home);
        try {
            if (!slot.instance().hasFunction(function)) {
                throw new PluginCallException(CallFailure.NOT_FOUND, entry.ref(), function, "the module exports no function '" + function + "'");
            }
            return invoke(thread, slot, function, input, deadline);
        } finally {
            pool.release(slot);
        }
    }

    @Override
    public byte[] call(String pluginRef, String function, byte[] input) {
        return call(pluginRef, function, input, null);
    }

    @Override
    public byte[] call(String pluginRef, String function, byte[] input, Duration deadline) {
        ensureOpen();
        PluginEntry entry = find(pluginRef).orElseThrow(() ->
                new PluginCallException(CallFailure.NOT_FOUND, pluginRef, function, "no plugin " + pluginRef + " is loaded"));
        return callPlugin(entry, function, input, deadline);
    }

    // The public calls go straight to callPlugin: each extra frame above the runtime's call was
    // measurable (the JIT inlines the whole call chain into the caller only up to a fixed depth).
    @Override
    public byte[] callHook(String hookRef, byte[] payload) {
        ensureOpen();
        IndexedHook hook = findHook(hookRef);
        return callPlugin(hook.entry(), hook.func(), payload, null);
    }

    @Override
    public byte[] callHook(String hookRef, byte[] payload, Duration deadline) {
        ensureOpen();
        IndexedHook hook = findHook(hookRef);
        return callPlugin(hook.entry(), hook.func(), payload, deadline);
    }

    /** CallHook from a plugin: the caller's deadline, if any, already bounds it through its frame. */
    byte[] callHookInternal(String hookRef, byte[] payload) {
        IndexedHook hook = findHook(hookRef);
        return callPlugin(hook.entry(), hook.func(), payload, null);
    }

    /** A hook of a snapshot with the entry of its plugin (null when that was unloaded meanwhile). */
    private record IndexedHook(HookInfo info, PluginEntry entry, String func) {
        IndexedHook(HookInfo info, PluginEntry entry) {
            this(info, entry, info.hook().func());
        }
    }

    /**
     * The hooks of one snapshot by full ref and by bare id (resolved ones only), built once per
     * snapshot: every callHook looks a hook up, and scanning all hooks (or even building the
     * plugin's ref string to find its entry) was a measurable part of a small call.
     */
    private record HookIndex(Snapshot snapshot, Map<String, IndexedHook> byRef, Map<String, List<IndexedHook>> resolvedById) {
        static HookIndex of(Snapshot s, Map<String, PluginEntry> entries) {
            Map<String, IndexedHook> byRef = new java.util.HashMap<>();
            Map<String, List<IndexedHook>> byId = new java.util.HashMap<>();
            for (HookInfo h : s.hooks()) {
                IndexedHook indexed = new IndexedHook(h, entryOf(entries, h.pluginId(), h.pluginVersion()));
                byRef.putIfAbsent(h.ref(), indexed);
                if (h.resolved()) byId.computeIfAbsent(h.hook().id(), k -> new ArrayList<>()).add(indexed);
            }
            return new HookIndex(s, byRef, byId);
        }
    }

    private volatile HookIndex hookIndex;

    /** The resolved hook {@code ref} names, with its plugin's entry; throws when there is none. */
    private IndexedHook findHook(String ref) {
        Snapshot s = snapshot;
        HookIndex index = hookIndex;
        // published is written before snapshot: read after it, it is at least as new.
        if (index == null || index.snapshot() != s) hookIndex = index = HookIndex.of(s, published);
        boolean full = ref.indexOf('/') >= 0;
        IndexedHook hook;
        if (full) {
            hook = index.byRef().get(ref);
            if (hook == null) throw noSuchHook(ref, true);
        } else {
            List<IndexedHook> matches = index.resolvedById().getOrDefault(ref, List.of());
            if (matches.isEmpty()) throw noSuchHook(ref, false);
            if (matches.size() > 1) {
                throw new PluginCallException(CallFailure.NOT_FOUND, null, ref, "hook id " + ref + " is ambiguous: "
                        + String.join(", ", matches.stream().map(h -> h.info().ref()).toList()) + "; use the full ref");
            }
            hook = matches.get(0);
        }
        if (!hook.info().resolved()) {
            throw new PluginCallException(CallFailure.INACTIVE, null, ref, hook.info().resolution().reason());
        }
        if (hook.entry() == null) {
            throw new PluginCallException(CallFailure.NOT_FOUND, ref, null, "hook " + ref + " belongs to no loaded plugin");
        }
        return hook;
    }

    /** The entry of plugin {@code id@version} in {@code entries} (keyed like {@link PluginEntry#ref()}), or null. */
    private static PluginEntry entryOf(Map<String, PluginEntry> entries, String id, Version version) {
        return entries.get(id + "@" + version);
    }

    private static PluginCallException noSuchHook(String ref, boolean full) {
        return new PluginCallException(CallFailure.NOT_FOUND, null, ref, "no " + (full ? "" : "resolved ")
                + "hook " + ref + " is loaded (use pluginId@version/hookId)");
    }

    // ---- events -------------------------------------------------------------------------------

    @Override
    public DeliveryReport sendEvent(String eventId, byte[] payload) {
        ensureOpen();
        return deliver(eventId, payload, null);
    }

    @Override
    public CompletableFuture<DeliveryReport> sendEventAsync(String eventId, byte[] payload) {
        ensureOpen();
        if (eventExecutor == null) {
            throw new IllegalStateException("no event executor: give one to PluginEngine.Builder.eventExecutor(...) to send asynchronously");
        }
        byte[] copy = payload.clone();
        return CompletableFuture.supplyAsync(() -> deliver(eventId, copy, null), eventExecutor);
    }

    /**
     * Delivers an event synchronously on this thread to each resolved listener, in order; a
     * failing listener is reported and delivery goes on (contract section 6).
     *
     * @param sender {@code id@version} of the sending plugin, or {@code null} for the host
     */
    DeliveryReport deliver(String eventId, byte[] payload, String sender) {
        Snapshot s = snapshot;
        TargetKey event = s.eventFor(eventId, sender).orElseThrow(() ->
                new PluginCallException(CallFailure.NOT_FOUND, sender, null, "event " + eventId + " is not declared by any active plugin"));
        int depth = calls.get().nextDepth() - 1;
        if (depth + 1 > limits.maxCallDepth()) {
            throw new PluginCallException(CallFailure.CALL_DEPTH, sender, null, "sending event " + eventId + " at call depth "
                    + depth + " would exceed the limit of " + limits.maxCallDepth());
        }
        int delivered = 0;
        List<DeliveryReport.ListenerFailure> failures = new ArrayList<>();
        for (ListenerInfo l : s.listenersOf(event)) {
            try {
                if (l.pluginId().equals(HostDeclarations.HOST_PLUGIN_ID)) {
                    deliverToJava(l, event, sender, payload);
                } else {
                    PluginEntry entry = entryOf(published, l.pluginId(), l.pluginVersion());
                    if (entry == null) throw new PluginCallException(CallFailure.NOT_FOUND, l.ref(), null, "unloaded during delivery");
                    callPlugin(entry, l.listener().func(), payload, null);
                }
                delivered++;
            } catch (PluginEngineException e) {
                DeliveryReport.ListenerFailure failure = new DeliveryReport.ListenerFailure(l.ref(), e);
                failures.add(failure);
                reporter.listenerFailed(eventId, failure);
            }
        }
        return new DeliveryReport(eventId, delivered, failures);
    }

    private void deliverToJava(ListenerInfo l, TargetKey event, String sender, byte[] payload) {
        JavaListener java = javaListeners.get(l.listener().id());
        if (java == null) throw new PluginCallException(CallFailure.NOT_FOUND, l.ref(), null, "listener removed during delivery");
        ThreadCalls thread = calls.get();
        thread.hostDepth++;
        try {
            java.listener().onEvent(new EventMessage(event.id(), event.version(), sender == null ? HostDeclarations.HOST_PLUGIN_ID : sender, payload.clone()));
        } catch (PluginEngineException e) {
            throw e;
        } catch (Exception e) {
            throw new PluginCallException(CallFailure.PLUGIN_ERROR, l.ref(), null, String.valueOf(e), e);
        } finally {
            thread.hostDepth--;
        }
    }

    // ---- host declarations ----------------------------------------------------------------------

    @Override
    public void declareAnchor(Anchor anchor) {
        if (anchor.version() == null) throw new IllegalArgumentException("host anchor " + anchor.id() + " needs a version");
        withLock(() -> {
            hostAnchors.removeIf(a -> a.id().equals(anchor.id()) && a.version().equals(anchor.version()));
            hostAnchors.add(anchor);
            reresolve();
        });
    }

    @Override
    public void declareEvent(Event event) {
        if (event.version() == null) throw new IllegalArgumentException("host event " + event.id() + " needs a version");
        withLock(() -> {
            hostEvents.removeIf(e -> e.id().equals(event.id()) && e.version().equals(event.version()));
            hostEvents.add(event);
            reresolve();
        });
    }

    @Override
    public AutoCloseable addListener(String id, String eventId, Version eventVersion, int order, EventListener listener) {
        Listener declaration = new Listener(id, eventId, eventVersion, id, order);
        withLock(() -> {
            if (javaListeners.containsKey(id)) throw new IllegalArgumentException("a Java listener with id '" + id + "' already exists");
            javaListeners.put(id, new JavaListener(declaration, listener));
            reresolve();
        });
        return () -> withLock(() -> {
            if (javaListeners.remove(id) != null) reresolve();
        });
    }

    private PluginDescriptor hostDescriptor() {
        List<Listener> listeners = javaListeners.values().stream().map(JavaListener::declaration).toList();
        return new PluginDescriptor(HostDeclarations.HOST_PLUGIN_ID, "host application", HOST_VERSION, null, null, null,
                false, List.of(), hostAnchors, List.of(), hostEvents, listeners);
    }

    @Override
    public void addStateListener(PluginStateListener listener) {
        stateListeners.add(listener);
    }

    // ---- queries ----------------------------------------------------------------------------------

    @Override
    public List<PluginInfo> plugins() {
        return withLock(() -> entries.values().stream().map(PluginEntry::info)
                .sorted(Comparator.comparing((PluginInfo p) -> p.descriptor().id()).thenComparing(p -> p.descriptor().version()))
                .toList());
    }

    @Override
    public Optional<PluginInfo> plugin(String pluginRef) {
        return find(pluginRef).map(PluginEntry::info);
    }

    @Override
    public List<AnchorInfo> anchors() {
        return snapshot.anchors();
    }

    @Override
    public List<HookInfo> hooks() {
        return snapshot.hooks();
    }

    @Override
    public List<HookInfo> hooks(String anchorId) {
        Snapshot s = snapshot;
        return s.anchorFor(anchorId, null).map(s::hooksOf).orElse(List.of());
    }

    @Override
    public List<HookInfo> hooks(String anchorId, Version anchorVersion) {
        Snapshot s = snapshot;
        return s.anchor(anchorId, anchorVersion).map(s::hooksOf).orElse(List.of());
    }

    @Override
    public List<EventInfo> events() {
        return snapshot.events();
    }

    @Override
    public List<ListenerInfo> listeners() {
        return snapshot.listeners();
    }

    @Override
    public List<Problem> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    private void report(Problem p) {
        problems.add(p);
        reporter.problem(p);
    }

    /** {@code id@version}, or a bare id naming the highest loaded version. */
    private Optional<PluginEntry> find(String pluginRef) {
        Map<String, PluginEntry> view = published;
        PluginEntry exact = view.get(pluginRef);
        if (exact != null || pluginRef.contains("@")) return Optional.ofNullable(exact);
        return view.values().stream().filter(e -> e.descriptor.id().equals(pluginRef))
                .max(Comparator.comparing(e -> e.descriptor.version()));
    }

    private PluginEntry require(String pluginRef) {
        return find(pluginRef).orElseThrow(() -> new PluginEngineException("no plugin " + pluginRef + " is loaded"));
    }

    private void ensureOpen() {
        if (closed) throw new PluginEngineException("the engine is closed");
    }

    @Override
    public String toString() {
        return "PluginEngine[runtime=" + (runtime == null ? "none" : runtime.name()) + ", plugins=" + published.size() + "]";
    }
}
