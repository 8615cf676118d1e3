package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginState;
import io.spirefy.pluginengine.api.spi.WasmException;

import java.time.Duration;
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
    private final FreshStacks freshStacks;
    private final AtomicInteger threadHomes = new AtomicInteger();
    private final ThreadLocal<ThreadCalls> calls = ThreadLocal.withInitial(() -> new ThreadCalls(threadHomes.getAndIncrement()));

    PluginCalls(EngineLimits limits, Supplier<EngineView> view) {
        this.limits = limits;
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
                return callPlugin(hook.entry(), hook.func(), payload, deadline);
            } catch (ReplacedMeanwhile e) {
                // The replacement was published before the old instances closed: look again.
                if (tries == MAX_LOOKUPS) throw e;
            }
        }
    }

    /** How often one call looks again for a plugin replaced under it before giving up. */
    static final int MAX_LOOKUPS = 8;

    /** Calls an export of a started plugin on an instance of its pool. */
    byte[] callPlugin(PluginEntry entry, String function, byte[] input, Duration deadline) {
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
        if (thread.frame != null) return callNested(thread, entry, pool, function, input);
        return callOn(thread, pool, entry, function, input, deadline);
    }

    private byte[] callOn(ThreadCalls thread, InstancePool pool, PluginEntry entry, String function, byte[] input, Duration deadline) {
        InstanceSlot slot = acquire(thread, pool, entry, function);
        try {
            if (!slot.instance().hasFunction(function)) {
                throw new PluginCallException(CallFailure.NOT_FOUND, entry.ref(), function, "the module exports no function of that name");
            }
            return invoke(thread, slot, function, input, deadline);
        } finally {
            // Wasm memory never shrinks: an instance that needed much of its limit (a large
            // payload, a burst of allocation) would keep that peak idle in the pool.
            if (slot.instance().memoryBytes() > keepIdleBytes) slot.markOversized();
            pool.release(slot);
        }
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
     * A call made from inside a plugin's call on this thread: it runs on a fresh stack as part of
     * the caller's call tree, and the payloads the tree holds count against the memory limit
     * (contract section 7: payloads a plugin passes on).
     */
    private byte[] callNested(ThreadCalls caller, PluginEntry entry, InstancePool pool, String function, byte[] input) {
        CallFrame parent = caller.frame;
        if (parent.payloadBytes + input.length > limits.maxMemoryBytes()) {
            throw new PluginCallException(CallFailure.MEMORY_LIMIT, entry.ref(), function, "a payload of " + input.length
                    + " bytes would bring the payloads held by this chain of nested calls to " + (parent.payloadBytes + input.length)
                    + " bytes, past the memory limit of " + limits.maxMemoryBytes() + " bytes");
        }
        return onFreshStack(caller, here -> callOn(here, pool, entry, function, input, null), entry.ref(), function);
    }

    /** Runs {@code body} on a fresh stack as a continuation of {@code caller}'s call tree: same frame, depth and tree. */
    <T> T onFreshStack(ThreadCalls caller, Function<ThreadCalls, T> body, String ref, String function) {
        return freshStacks.run(() -> {
            ThreadCalls here = calls.get();
            here.continueFor(caller);
            try {
                return body.apply(here);
            } finally {
                here.clear();
            }
        }, ref, function);
    }

    /** Runs one export on an instance the caller holds (a plugin's {@code start} or {@code stop}). */
    byte[] invoke(InstanceSlot slot, String function, byte[] input) {
        return invoke(calls.get(), slot, function, input, null);
    }

    private byte[] invoke(ThreadCalls thread, InstanceSlot slot, String function, byte[] input, Duration deadline) {
        CallFrame parent = thread.frame;
        String ref = slot.entry().ref();
        checkDepth(thread, ref, function);
        long absoluteDeadline = parent != null ? parent.deadline
                : deadline != null ? System.nanoTime() + deadline.toNanos() : CallFrame.UNSET;
        CallFrame frame = new CallFrame(parent, slot, callTimeoutNanos, absoluteDeadline, treeBudgetNanos, input == null ? 0 : input.length);
        // The parent's clock is already paused: CallHook and SendEvent pause it for their whole
        // duration (see waitingInEngine), instantiation of the callee included.
        thread.frame = frame;
        GuestOutputRecorder output = slot.output();
        output.begin();
        frame.run();
        try {
            return slot.instance().call(function, input);
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
