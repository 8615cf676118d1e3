package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.EngineReporter;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.spi.Cancellation;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.core.jfr.FlightRecording;
import io.spirefy.pluginengine.core.jfr.PluginInstantiateEvent;
import io.spirefy.pluginengine.api.spi.WasmModule;

/**
 * Makes a plugin's instances for its {@link InstancePool}: links the engine's host functions and
 * the host's, and runs the module's start section, {@code _initialize}, and the {@code start} and
 * {@code stop} exports, each under a clock like any call (contract section 7).
 */
final class InstanceFactory implements InstancePool.Factory {

    /** How often a trapping start export is tried on a fresh instance before the plugin is FAILED. */
    private static final int START_ATTEMPTS = 3;

    private final Modules modules;
    private final PluginCalls calls;
    private final HostFunctions hostFunctions;
    private final TimeoutWatchdog watchdog;
    private final EngineLimits limits;
    private final PluginFailures failures;
    private final EngineReporter reporter;

    InstanceFactory(Modules modules, PluginCalls calls, HostFunctions hostFunctions,
                    TimeoutWatchdog watchdog, EngineLimits limits, PluginFailures failures,
                    EngineReporter reporter) {
        this.modules = modules;
        this.calls = calls;
        this.hostFunctions = hostFunctions;
        this.watchdog = watchdog;
        this.limits = limits;
        this.failures = failures;
        this.reporter = reporter;
    }

    @Override
    public InstanceSlot create(PluginEntry entry, Object tree) {
        WasmModule module;
        try {
            module = modules.compiled(entry, calls.thread().frame);
        } catch (PluginCallException e) {
            failures.fail(entry, e.detail());
            throw e;
        }
        // Started for a call of another plugin, this start is cut short by that call tree's
        // deadline through no fault of its own; started for itself, the deadline is its own.
        boolean ownTree = calls.thread().frame == null;
        for (int attempt = 1; ; attempt++) {
            InstanceSlot slot = new InstanceSlot(entry, watchdog, tree, reporter);
            slot.attach(instantiate(entry, module, slot));
            if (!slot.instance().hasFunction("start")) return slot;
            try {
                calls.invoke(slot, "start", new byte[0]);
                return slot;
            } catch (PluginCallException e) {
                slot.discard();
                // A start that trapped may have been stopped from outside (libextism interrupts
                // every instance of a module when one is cancelled): try a fresh instance before
                // calling the plugin FAILED. A start that reported an error, or ran out of its own
                // time, fails at once, as the contract says; one cut short by its caller's
                // deadline fails only that call.
                if (e.failure() == CallFailure.TRAP && attempt < START_ATTEMPTS) continue;
                if (ownTree || !CallFailures.DEADLINE_PASSED.equals(e.detail())) failures.fail(entry, "start failed: " + e.detail());
                throw new PluginCallException(CallFailure.INSTANTIATION, entry.ref(), "start", e.detail(), e);
            }
        }
    }

    /**
     * Makes one instance under a clock: the module's start section and {@code _initialize} are
     * plugin code, with the same timeout as a call and within the caller's deadline.
     */
    private WasmInstance instantiate(PluginEntry entry, WasmModule module, InstanceSlot slot) {
        ThreadCalls thread = calls.thread();
        CallFrame parent = thread.frame;
        CallFrame frame = calls.instantiationFrame(slot, parent);
        Cancellation cancellation = slot.instantiating(() -> frame.restart(calls.callTimeoutNanos()));
        thread.frame = frame;
        frame.run();
        GuestOutputRecorder output = slot.output();
        output.begin();
        PluginInstantiateEvent event = FlightRecording.possible() ? new PluginInstantiateEvent() : null;
        try {
            long begun = System.nanoTime();
            if (event != null) event.begin();
            WasmInstance instance = module.instantiate(hostFunctions.forInstance(slot), cancellation, output);
            entry.stats.instantiated(System.nanoTime() - begun);
            if (event != null) event.succeeded = true;
            return instance;
        } catch (Throwable t) {
            frame.finish();
            slot.discard();
            throw instantiationFailed(entry, frame, t, output);
        } finally {
            frame.finish();
            thread.frame = parent;
            output.end();
            if (event != null && event.shouldCommit()) {
                event.plugin = entry.ref();
                event.commit();
            }
        }
    }

    /**
     * The failure of one instantiation. The plugin is FAILED only when the fault is its own: a
     * module that does not link, or guest code that ran out of its own time; not when its
     * caller's deadline passed or the JVM ran short of stack or memory for it.
     */
    private PluginCallException instantiationFailed(PluginEntry entry, CallFrame frame, Throwable t, GuestOutputRecorder output) {
        if (t instanceof WasmException e && e.kind() == WasmException.Kind.CANCELLED) {
            if (frame.deadlinePassed()) {
                return new PluginCallException(CallFailure.TIMEOUT, entry.ref(), null, CallFailures.DEADLINE_PASSED + " while instantiating", e);
            }
            if (!frame.timedOut()) return new PluginCallException(CallFailure.CLOSED, entry.ref(), null, "instantiation was cancelled", e);
            String message = "instantiation (the module's start section or _initialize) ran longer than the call timeout of "
                    + limits.callTimeout().toMillis() + " ms";
            failures.fail(entry, message);
            return new PluginCallException(CallFailure.TIMEOUT, entry.ref(), null, message, e);
        }
        if (CallFailures.causedBy(t, StackOverflowError.class)) {
            return new PluginCallException(CallFailure.TRAP, entry.ref(), null, "call stack exhausted while instantiating", t);
        }
        if (CallFailures.causedBy(t, OutOfMemoryError.class)) {
            return new PluginCallException(CallFailure.MEMORY_LIMIT, entry.ref(), null, "the JVM ran out of memory while instantiating", t);
        }
        String message = CallFailures.withStderr("instantiation failed: " + (t instanceof WasmException ? t.getMessage() : String.valueOf(t)),
                output);
        failures.fail(entry, message);
        return new PluginCallException(CallFailure.INSTANTIATION, entry.ref(), null, message, t);
    }

    @Override
    public void destroy(InstanceSlot slot, boolean runStop) {
        try {
            if (runStop && slot.instance().hasFunction("stop")) {
                calls.invoke(slot, "stop", new byte[0]);
            }
        } catch (PluginEngineException e) {
            failures.report(Problem.warning(slot.entry().source, null, "plugin " + slot.entry().ref() + " stop failed: " + e.getMessage()));
        } finally {
            slot.discard();
        }
    }
}
