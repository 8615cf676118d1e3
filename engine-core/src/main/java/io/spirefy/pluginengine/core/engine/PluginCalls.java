package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.CallerThreads;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginState;
import io.spirefy.pluginengine.api.TraceContext;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.core.contract.AnchorContract;
import io.spirefy.pluginengine.core.jfr.FlightRecording;
import io.spirefy.pluginengine.core.jfr.PluginCallEvent;
import io.spirefy.pluginengine.core.stack.StackProbe;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The call path: a call into a plugin takes an instance of its pool, runs the export under its
 * clock (the timeout, the call tree's deadline), its depth limit and its memory limit for
 * payloads, and turns whatever goes wrong into that call's {@link PluginCallException}. A call
 * made from inside a plugin runs on a fresh stack ({@link FreshStacks}).
 */
final class PluginCalls implements AutoCloseable {

    private final EngineLimits limits;
    /** {@link EngineLimits#callTimeout()} in nanoseconds, read on every call. */
    private final long callTimeoutNanos;
    /** The deadline of a call tree the host starts without one, in nanoseconds. */
    private final long treeBudgetNanos;
    private final long compileTimeoutNanos;
    /** The most memory an instance may hold and still go back to its pool: half its limit. */
    private final long keepIdleBytes;
    private final Supplier<EngineView> view;
    /** Whether hook payloads and responses are checked against their anchor's schemas. */
    private final boolean payloadChecks;
    /** Whether calls are counted and timed per plugin function. */
    private final boolean metrics;
    private final FreshStacks freshStacks;
    /** The stack the host declared its threads have free when they call, or 0 (see #hostStackLeftOf). */
    private final long hostStackBytes;
    private final AtomicInteger threadHomes = new AtomicInteger();
    private final ThreadLocal<ThreadCalls> calls = ThreadLocal.withInitial(() -> {
        Thread thread = Thread.currentThread();
        return new ThreadCalls(threadHomes.getAndIncrement(), hostStackLeftOf(thread));
    });

    /** @param hostStackBytes the stack the host's threads have free when they call (PluginEngine.Builder#hostStackBytes), or 0 */
    PluginCalls(EngineLimits limits, Supplier<EngineView> view, boolean payloadChecks, boolean metrics, long hostStackBytes) {
        this.limits = limits;
        this.hostStackBytes = hostStackBytes;
        this.payloadChecks = payloadChecks;
        this.metrics = metrics;
        this.callTimeoutNanos = limits.callTimeout().toNanos();
        this.treeBudgetNanos = Math.min(limits.effectiveCallTreeDeadline().toNanos(), Duration.ofDays(365).toNanos());
        this.keepIdleBytes = limits.maxMemoryBytes() / 2;
        this.compileTimeoutNanos = limits.compileTimeout().toNanos();
        this.view = view;
        this.freshStacks = new FreshStacks(Math.max(256, 64 * limits.maxCallDepth()));
    }

    /** This thread's place in the calls it runs. */
    ThreadCalls thread() {
        return calls.get();
    }

    /**
     * A frame for instantiation, within the caller's deadline. Until the runtime says guest code
     * starts, its budget also covers the runtime's own work (parsing, linking): the call timeout
     * plus the compile timeout; then the guest code gets the call timeout (see {@link CallFrame#restart}).
     */
    CallFrame instantiationFrame(InstanceSlot slot, CallFrame parent) {
        return new CallFrame(parent, slot, callTimeoutNanos + compileTimeoutNanos,
                parent != null ? parent.deadline : CallFrame.UNSET, treeBudgetNanos, 0);
    }

    long callTimeoutNanos() {
        return callTimeoutNanos;
    }

    // The public calls reach callPlugin directly: each extra frame above the runtime's call was
    // measurable (the JIT inlines the whole call chain into the caller only up to a fixed depth).

    /**
     * CallHook, from the host or a plugin: the hook {@code hookRef} names, resolved in the current
     * view; a bare hook id means a hook on {@code caller}'s own anchors first ({@link HookIndex#find}).
     */
    byte[] callHook(String hookRef, String caller, byte[] payload, Duration deadline) {
        for (int tries = 1; ; tries++) {
            HookIndex.IndexedHook hook = view.get().hooks().find(hookRef, caller);
            try {
                AnchorContract contract = hook.contract();
                if (contract == null || !payloadChecks) return callPlugin(hook.entry(), hook.func(), metrics ? hook.stats() : null, payload, deadline);
                return callChecked(hook, contract, payload, deadline);
            } catch (ReplacedMeanwhile e) {
                // The replacement was published before the old instances closed: look again.
                if (tries == MAX_LOOKUPS) throw e;
            }
        }
    }

    /** How often one call looks again for a plugin replaced under it before giving up. */
    static final int MAX_LOOKUPS = 8;

    /** A hook call under its anchor's contract (contract section 10): a payload that fails is never delivered. */
    private byte[] callChecked(HookIndex.IndexedHook hook, AnchorContract contract, byte[] payload, Duration deadline) {
        HookInfo info = hook.info();
        if (contract.callSchema() != null) {
            String violation = contract.callSchema().violation(payload);
            if (violation != null) {
                if (metrics) hook.stats().failed(CallFailure.INVALID_PAYLOAD);
                throw new PluginCallException(CallFailure.INVALID_PAYLOAD, hook.entry().ref(), hook.func(), "the payload does not match the callSchema of anchor "
                        + info.hook().anchorId() + "@" + info.resolution().targetVersion() + ": " + violation);
            }
        }
        byte[] response = callPlugin(hook.entry(), hook.func(), metrics ? hook.stats() : null, payload, deadline);
        if (contract.responseSchema() != null) {
            String violation = contract.responseSchema().violation(response);
            if (violation != null) {
                if (metrics) hook.stats().failedAfterwards(CallFailure.INVALID_RESPONSE);
                throw new PluginCallException(CallFailure.INVALID_RESPONSE, hook.entry().ref(), hook.func(), "the response does not match the responseSchema of anchor "
                        + info.hook().anchorId() + "@" + info.resolution().targetVersion() + ": " + violation);
            }
        }
        return response;
    }

    /** Calls an export of a started plugin on an instance of its pool, counted in its metrics. */
    byte[] callPlugin(PluginEntry entry, String function, byte[] input, Duration deadline) {
        return callPlugin(entry, function, metrics ? entry.stats.function(function) : null, input, deadline);
    }

    /** @param stats where the call is counted, or null when metrics are off */
    private byte[] callPlugin(PluginEntry entry, String function, FunctionStats stats, byte[] input, Duration deadline) {
        // Without a recording the JIT removes this object; the recorded path is kept apart so
        // that the counted one, the common case, never touches it.
        if (FlightRecording.possible()) {
            PluginCallEvent event = new PluginCallEvent();
            if (event.isEnabled()) return recorded(event, entry, function, stats, input, deadline);
        }
        // One call site for both metrics on and off (a second one was inlined apart, and the
        // chain below is deep); a call that returns was counted where it ran (FunctionStats#ran),
        // so only failures are counted here.
        try {
            return callUncounted(entry, function, stats, input, deadline);
        } catch (PluginCallException e) {
            if (stats != null) stats.failed(e.failure());
            throw e;
        } catch (RuntimeException | Error e) {
            // Not a failure the engine classified (its own fault): still a call that failed.
            if (stats != null) stats.failed(CallFailure.TRAP);
            throw e;
        }
    }

    /** A call while a flight recording takes {@link PluginCallEvent}s: counted as usual, and recorded. */
    private byte[] recorded(PluginCallEvent event, PluginEntry entry, String function, FunctionStats stats, byte[] input,
                            Duration deadline) {
        event.begin();
        CallFailure failure = null;
        try {
            return callUncounted(entry, function, stats, input, deadline);
        } catch (PluginCallException e) {
            failure = e.failure();
            if (stats != null) stats.failed(failure);
            throw e;
        } catch (RuntimeException | Error e) {
            failure = CallFailure.TRAP;
            if (stats != null) stats.failed(failure);
            throw e;
        } finally {
            if (event.shouldCommit()) {
                // After the call this thread's next depth is the depth this call had.
                int depth = calls.get().nextDepth();
                event.plugin = entry.ref();
                event.function = function;
                event.depth = depth;
                event.caller = depth == 1 ? "host" : "plugin";
                event.outcome = failure == null ? "OK" : failure.name();
                TraceContext trace = calls.get().trace;
                event.traceId = trace == null ? null : trace.traceId();
                event.commit();
            }
        }
    }

    private byte[] callUncounted(PluginEntry entry, String function, FunctionStats stats, byte[] input, Duration deadline) {
        if (entry.state() != PluginState.STARTED) {
            if (entry.replacement() != null) throw new ReplacedMeanwhile(entry, function);
            throw new PluginCallException(CallFailure.INACTIVE, entry.ref(), function, "plugin is " + entry.state()
                    + (entry.failure() == null ? "" : " (" + entry.failure() + ")")
                    + (entry.state() == PluginState.RESOLVED ? "; start the engine first" : ""));
        }
        InstancePool pool = entry.pool();
        if (pool == null) {
            if (entry.replacement() != null) throw new ReplacedMeanwhile(entry, function);
            throw new PluginCallException(CallFailure.CLOSED, entry.ref(), function, "the plugin is stopping");
        }
        // Before taking an instance: a call refused for its depth must not wait for one (all may
        // be held by its own callers) nor instantiate one it will never use.
        ThreadCalls thread = calls.get();
        checkDepth(thread, entry.ref(), function);
        if (thread.frame != null) return callNested(thread, entry, pool, function, stats, input);
        if (thread.stackLeft == ThreadCalls.UNKNOWN) {
            if (thread.hostStackLeft != ThreadCalls.UNKNOWN && thread.hostDepth == 0) {
                return callOnStack(thread, thread.hostStackLeft, pool, entry, function, stats, input, deadline);
            }
            if (entry.nests(function)) {
                long measured = measuredStackLeft();
                if (holds(measured, entry.stackBytesPerEntry())) return callOnStack(thread, measured, pool, entry, function, stats, input, deadline);
                return callOnWorker(thread, pool, entry, function, stats, input, deadline);
            }
        }
        return callOn(thread, pool, entry, function, stats, input, deadline);
    }

    /**
     * What calls started here may count on of this thread's stack, as {@link StackProbe} measures
     * it now (through JNA on JDK 17-21 where the host has it, the foreign-function API on JDK 22+
     * where the host grants native access), less what the engine keeps on every thread for its own
     * frames and the JVM's guard zones; UNKNOWN where it does not measure.
     */
    private static long measuredStackLeft() {
        long free = StackProbe.freeBytes();
        return free > FreshStacks.RESERVED_BYTES ? free - FreshStacks.RESERVED_BYTES : ThreadCalls.UNKNOWN;
    }

    /** What {@link io.spirefy.pluginengine.api.spi.WasmModule#stackBytesPerEntry()} says for a module with no bound, and code no bound is known for. */
    private static final long UNBOUNDED = -1;

    /**
     * Whether {@code stackLeft} holds a call that reserves {@code perEntry}: its reservation and the
     * engine's frames for one level, or, with no bound ({@link #UNBOUNDED}), at least what a worker gives
     * a call ({@link FreshStacks#USABLE_BYTES}), so that it never has less stack than on a worker.
     */
    private static boolean holds(long stackLeft, long perEntry) {
        if (stackLeft == ThreadCalls.UNKNOWN) return false;
        return perEntry >= 0 ? stackAfter(stackLeft, perEntry) != ThreadCalls.UNKNOWN : stackLeft >= FreshStacks.USABLE_BYTES;
    }

    /**
     * What a call the host starts on {@code thread} may reserve of its stack, or UNKNOWN: from the
     * stack the host declared for all its threads, or from what a thread of {@link CallerThreads}
     * has, whichever is more. What the engine keeps for its frames and the JVM's guard
     * zones on a worker ({@link FreshStacks#RESERVED_BYTES}) it keeps here too.
     */
    private long hostStackLeftOf(Thread thread) {
        long free = CallerThreads.isCallerThread(thread) ? Math.max(hostStackBytes, CallerThreads.FREE_AT_CALL_BYTES) : hostStackBytes;
        return free > FreshStacks.RESERVED_BYTES ? free - FreshStacks.RESERVED_BYTES : ThreadCalls.UNKNOWN;
    }

    /**
     * A call that runs on this thread with {@code stackLeft} of its stack to count on, and its
     * nested calls inline as far as that holds them ({@link #callNested}), as on a worker, with no
     * hand-off: a call the host starts on a thread whose free stack it declared, or one of
     * {@link CallerThreads} (not from the host's listeners and host functions, hostDepth > 0:
     * they run deeper than the host declared for), or on a thread whose stack was measured.
     */
    private byte[] callOnStack(ThreadCalls thread, long stackLeft, InstancePool pool, PluginEntry entry, String function,
                               FunctionStats stats, byte[] input, Duration deadline) {
        long outer = thread.stackLeft;
        thread.stackLeft = stackLeft;
        try {
            return callOn(thread, pool, entry, function, stats, input, deadline);
        } finally {
            thread.stackLeft = outer;
        }
    }

    /**
     * A call from the host into a function known to make nested calls: it runs on a worker's stack
     * of known size, where its nested calls can run inline ({@link #callNested}), instead of on the
     * host's thread, whose stack the engine knows nothing of, where each of them would need a
     * hand-off of its own. A thread its owner interrupted keeps the call (an interrupt stops a
     * call on the thread it was meant for), as does one that finds no worker free.
     */
    private byte[] callOnWorker(ThreadCalls thread, InstancePool pool, PluginEntry entry, String function, FunctionStats stats,
                                byte[] input, Duration deadline) {
        if (Thread.currentThread().isInterrupted()) return callOn(thread, pool, entry, function, stats, input, deadline);
        return freshStacks.runOr(continuing(thread, here -> callOn(here, pool, entry, function, stats, input, deadline)),
                () -> callOn(thread, pool, entry, function, stats, input, deadline));
    }

    private byte[] callOn(ThreadCalls thread, InstancePool pool, PluginEntry entry, String function, FunctionStats stats, byte[] input,
                          Duration deadline) {
        // This level's share of the stack, from instantiation to the stop export a release may
        // run: what is left below it is what nested calls can count on (see callNested).
        long stackLeft = thread.stackLeft;
        if (stackLeft != ThreadCalls.UNKNOWN) thread.stackLeft = stackAfter(stackLeft, entry.stackBytesPerEntry());
        try {
            InstanceSlot slot = acquire(thread, pool, entry, function);
            try {
                if (!slot.instance().hasFunction(function)) {
                    throw new PluginCallException(CallFailure.NOT_FOUND, entry.ref(), function, "the module exports no function of that name");
                }
                return invoke(thread, slot, function, input, deadline, stats);
            } finally {
                // Wasm memory never shrinks: an instance that needed much of its limit (a large
                // payload, a burst of allocation) would keep that peak idle in the pool.
                if (slot.instance().memoryBytes() > keepIdleBytes) slot.markOversized();
                pool.release(slot);
            }
        } finally {
            thread.stackLeft = stackLeft;
        }
    }

    /**
     * Stack the engine's own frames take per level of nesting, on top of what the runtime reserves
     * for one entry: the host function serving CallHook or SendEvent, the call path down to the
     * runtime, instantiating the callee, and the runtime's dispatch into it (a few hundred frames
     * at most, none of them recursive, nor any of it plugin code).
     */
    static final long ENGINE_BYTES_PER_LEVEL = 256L << 10;

    /** The stack left below a level that reserves {@code perEntry}, or UNKNOWN when either is unknown or it does not fit. */
    private static long stackAfter(long left, long perEntry) {
        if (left < 0 || perEntry < 0) return ThreadCalls.UNKNOWN;
        long after = left - perEntry - ENGINE_BYTES_PER_LEVEL;
        return after < 0 ? ThreadCalls.UNKNOWN : after;
    }

    private InstanceSlot acquire(ThreadCalls thread, InstancePool pool, PluginEntry entry, String function) {
        try {
            return pool.acquire(callTimeoutNanos, thread.home, thread.tree());
        } catch (PluginCallException e) {
            if (e.failure() == CallFailure.CLOSED && entry.replacement() != null) throw new ReplacedMeanwhile(entry, function);
            throw e;
        }
    }

    /**
     * A call made from inside a plugin's call on this thread, as part of the caller's call tree;
     * the payloads the tree holds count against the memory limit (contract section 7: payloads a
     * plugin passes on).
     *
     * <p>The callee must never fail for want of stack its callers took (contract section 7). It
     * runs on this thread only when the stack left is known to hold it: either this is an engine
     * worker (a stack of known size, {@link FreshStacks#USABLE_BYTES}) or a host thread of known
     * stack ({@link #callOnStack}), and every level on it, the callee's included, runs in a
     * runtime that bounds the stack one entry can take however its guest recurses
     * ({@link io.spirefy.pluginengine.api.spi.WasmModule#stackBytesPerEntry()}), and had that
     * bound plus {@link #ENGINE_BYTES_PER_LEVEL} reserved ({@link #callOn}); or the stack left is
     * measured here ({@link StackProbe}) and holds the callee's reservation ({@link #holds}).
     * Otherwise it runs on a fresh stack.
     */
    private byte[] callNested(ThreadCalls caller, PluginEntry entry, InstancePool pool, String function, FunctionStats stats, byte[] input) {
        CallFrame parent = caller.frame;
        if (parent.payloadBytes + input.length > limits.maxMemoryBytes()) {
            throw new PluginCallException(CallFailure.MEMORY_LIMIT, entry.ref(), function, "a payload of " + input.length
                    + " bytes would bring the payloads held by this chain of nested calls to " + (parent.payloadBytes + input.length)
                    + " bytes, past the memory limit of " + limits.maxMemoryBytes() + " bytes");
        }
        long perEntry = entry.stackBytesPerEntry();
        // A caller out of time is about to be stopped through its thread (CallFrame#pause): the
        // callee goes to a fresh stack, where that stop cannot land in it, and fails there at once.
        if (!parent.outOfTimeWhileWaiting()) {
            if (stackAfter(caller.stackLeft, perEntry) != ThreadCalls.UNKNOWN) return callOn(caller, pool, entry, function, stats, input, null);
            if (caller.stackLeft == ThreadCalls.UNKNOWN && parent.depth == 1 && parent.function != null && perEntry >= 0
                    && parent.slot.entry().stackBytesPerEntry() >= 0) {
                // The host called a function that nests, on a stack the engine did not know: its
                // next calls start where it is known (a measured stack, else a worker), where this
                // and its other nested calls run inline.
                parent.slot.entry().nestsFrom(parent.function);
            }
            // What the levels above took is unknown or left too little by their reservations: what
            // is really left may still hold this one (a caller that may recurse, one that reserved
            // far more than it used).
            long measured = measuredStackLeft();
            if (holds(measured, perEntry)) return callOnStack(caller, measured, pool, entry, function, stats, input, null);
        }
        return onFreshStack(caller, here -> callOn(here, pool, entry, function, stats, input, null), entry.ref(), function);
    }

    /**
     * Whether this thread has measurably as much stack left as a worker gives a call
     * ({@link FreshStacks#USABLE_BYTES}): enough for code whose stack use the engine cannot bound
     * (the host's listeners) to run here instead of on a fresh stack; never under a caller out of
     * time, whose stop would land in that code (see callNested).
     */
    boolean measuredStackHoldsAWorkersCall(CallFrame caller) {
        return !caller.outOfTimeWhileWaiting() && holds(measuredStackLeft(), UNBOUNDED);
    }

    /** Runs {@code body} on a fresh stack as a continuation of {@code caller}'s call tree: same frame, depth and tree. */
    <T> T onFreshStack(ThreadCalls caller, Function<ThreadCalls, T> body, String ref, String function) {
        return freshStacks.run(continuing(caller, body), ref, function);
    }

    /**
     * {@code body} as a worker runs it for {@code caller}: on the worker's own ThreadCalls, which
     * takes over the caller's place in its call tree, with the worker's whole usable stack.
     */
    private <T> Supplier<T> continuing(ThreadCalls caller, Function<ThreadCalls, T> body) {
        return () -> {
            ThreadCalls here = calls.get();
            here.continueFor(caller);
            here.stackLeft = FreshStacks.USABLE_BYTES;
            try {
                return body.apply(here);
            } finally {
                here.clear();
            }
        };
    }

    /**
     * Runs a call the host starts with {@code trace} as its call tree's trace context: nested calls
     * on this thread see it, and {@link #onFreshStack} hands it on with the rest of the tree. The
     * untraced call path never reads it outside a flight recording.
     */
    <T> T traced(TraceContext trace, Supplier<T> hostCall) {
        Objects.requireNonNull(trace, "trace");
        ThreadCalls thread = calls.get();
        TraceContext outer = thread.trace;
        thread.trace = trace;
        try {
            return hostCall.get();
        } finally {
            thread.trace = outer;
        }
    }

    /** The trace context of the call tree this thread serves, or null. */
    TraceContext trace() {
        return calls.get().trace;
    }

    /** Runs one export on an instance the caller holds (a plugin's {@code start} or {@code stop}). */
    byte[] invoke(InstanceSlot slot, String function, byte[] input) {
        return invoke(calls.get(), slot, function, input, null, null);
    }

    /** @param stats where the time it ran is counted, or null */
    private byte[] invoke(ThreadCalls thread, InstanceSlot slot, String function, byte[] input, Duration deadline, FunctionStats stats) {
        CallFrame parent = thread.frame;
        String ref = slot.entry().ref();
        checkDepth(thread, ref, function);
        long absoluteDeadline = parent != null ? parent.deadline
                : deadline != null ? System.nanoTime() + deadline.toNanos() : CallFrame.UNSET;
        CallFrame frame = new CallFrame(parent, slot, callTimeoutNanos, absoluteDeadline, treeBudgetNanos, input == null ? 0 : input.length);
        // The parent's clock is already paused: CallHook and SendEvent pause it for their whole
        // duration (see waitingInEngine), instantiation of the callee included.
        frame.function = function;
        thread.frame = frame;
        GuestOutputRecorder output = slot.output();
        output.begin();
        frame.run();
        // The clock's own reading: metrics read the time once more, at the end, not twice.
        long begun = frame.runningSince();
        boolean returned = false;
        try {
            byte[] out = slot.instance().call(function, input);
            returned = true;
            return out;
        } catch (WasmException e) {
            // Stopped first: translate asks whether the watchdog timed the call out, which is
            // settled only once no cancel of it can still be under way.
            frame.finish();
            throw CallFailures.translate(e, frame, ref, function, limits.callTimeout().toMillis(), output);
        } catch (PluginCallException e) {
            throw e;
        } catch (Throwable t) {
            // Whatever a runtime let through (an Error above all) is this call's failure, never
            // the engine's or the host's, and the instance that raised it is not used again.
            frame.finish();
            frame.slot.markBroken();
            throw CallFailures.unexpected(t, ref, function);
        } finally {
            frame.finish();
            thread.frame = parent;
            output.end();
            if (stats != null) stats.ran(System.nanoTime() - begun, returned);
        }
    }

    /** Refuses a call that would nest deeper than the limit: the depth this thread's next call would have. */
    void checkDepth(ThreadCalls thread, String ref, String function) {
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
    <T> T waitingInEngine(Supplier<T> engineCall) {
        CallFrame caller = calls.get().frame;
        if (caller != null) caller.pause();
        try {
            return engineCall.get();
        } finally {
            if (caller != null) caller.run();
        }
    }

    @Override
    public void close() {
        freshStacks.close();
    }
}
