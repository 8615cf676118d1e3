package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.wasm.types.FunctionType;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import org.extism.sdk.chicory.ExtismFunctionException;
import org.extism.sdk.chicory.Plugin;

import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One plugin instance: an sdk {@link Plugin} (the module plus its own Extism kernel).
 *
 * <p><b>Cancellation.</b> Chicory has no fuel or deadline, but both its interpreter and its compiled
 * code stop with {@link ChicoryInterruptedException} when their thread is interrupted. {@link #cancel()}
 * therefore interrupts the thread running the current call. A cancel moves the call's phase from
 * RUNNING to CANCELLING while it interrupts, and the call waits that out when it ends; so a cancel
 * that comes after the call ended finds it IDLE and does nothing, and the interrupt a cancel did send
 * is cleared before the call returns: the caller's thread is clean for its next, unrelated work. (A
 * lock did the same at twice the cost on every call.) A thread already interrupted by its owner
 * before the call also stops the call (CANCELLED), and keeps its interrupt.
 *
 * <p><b>Memory limit.</b> The plugin's own memory has the module's initial size and at most
 * {@code maxMemoryPages} pages. Past that {@code memory.grow} returns -1, as wasm says, and the guest
 * decides: it usually traps (an allocator's abort) or returns an error. When a call fails that way while
 * the memory stands at the engine's limit, the failure is reported as MEMORY_LIMIT (with the guest's
 * own message); otherwise as TRAP or GUEST_ERROR. A single grow of many pages refused well below the
 * limit cannot be told apart from any other trap (the sdk gives no hook on the memory) and is a TRAP.
 * The Extism kernel's memory (inputs, outputs, blocks from {@code alloc}) is not limited by the sdk.
 */
final class ChicoryInstance implements WasmInstance {

    private final ChicoryWasmModule module;
    private final Instance main;
    private final Instance kernel;
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int CANCELLING = 2;
    private static final int CANCELLED = 3;

    private volatile Plugin plugin;
    /** IDLE, RUNNING (a call is inside), CANCELLING (a cancel is interrupting it), CANCELLED. */
    private final AtomicInteger phase = new AtomicInteger(IDLE);
    /** The thread inside {@link #call}; written before the phase becomes RUNNING. */
    private volatile Thread running;

    ChicoryInstance(ChicoryWasmModule module, Plugin plugin, Instance main, Instance kernel) {
        this.module = module;
        this.plugin = plugin;
        this.main = main;
        this.kernel = kernel;
    }

    /** Whether both the plugin and its kernel run compiled code (false when either fell back). */
    boolean runsCompiled() {
        return main != null && kernel != null
                && !(main.getMachine() instanceof InterpreterMachine)
                && !(kernel.getMachine() instanceof InterpreterMachine);
    }

    @Override
    public boolean hasFunction(String name) {
        return module.exports(name);
    }

    @Override
    public byte[] call(String function, byte[] input) throws WasmException {
        Plugin p = plugin;
        if (p == null) {
            throw new IllegalStateException("instance of module " + module.name() + " is closed");
        }
        if (!module.callable(function)) throw notCallable(function);

        byte[] output = null;
        Throwable failure = null;
        running = Thread.currentThread();
        phase.set(RUNNING);
        boolean cancelled;
        try {
            output = p.call(function, input == null ? new byte[0] : input);
        } catch (RuntimeException | StackOverflowError e) {
            failure = e;
        } finally {
            cancelled = end();
            if (cancelled) {
                // Our cancel() interrupted this thread; no later cancel can (the phase is IDLE): clear it.
                Thread.interrupted();
            }
        }
        if (failure == null) {
            // A cancel that raced with a call that had already finished: the output is complete and valid.
            return output == null ? new byte[0] : output;
        }
        throw classify(function, failure, cancelled);
    }

    /** Ends the call's phase, waiting out a cancel that is interrupting it; true when one did. */
    private boolean end() {
        while (true) {
            int now = phase.get();
            if (now == CANCELLING) {
                Thread.onSpinWait();
            } else if (phase.compareAndSet(now, IDLE)) {
                running = null;
                return now == CANCELLED;
            }
        }
    }

    private WasmException notCallable(String function) {
        FunctionType type = module.exports().get(function);
        if (type == null) {
            return new WasmException(Kind.NO_SUCH_FUNCTION, "module " + module.name() + " exports no function "
                    + function + " (its function exports: " + String.join(", ", new TreeSet<>(module.exports().keySet())) + ")");
        }
        return new WasmException(Kind.NO_SUCH_FUNCTION, "export " + function + " of module " + module.name()
                + " has type " + type + ", but an Extism function takes nothing and returns i32");
    }

    private WasmException classify(String function, Throwable failure, boolean cancelled) {
        // The caller names the function and module (WasmException): say only what happened.
        if (cancelled || causedBy(failure, ChicoryInterruptedException.class) != null) {
            return new WasmException(Kind.CANCELLED, "cancelled", failure);
        }
        HostFunctionException host = causedBy(failure, HostFunctionException.class);
        if (host != null) {
            return new WasmException(Kind.TRAP, "failed in host function " + host.function() + ": "
                    + host.getMessage(), failure);
        }
        if (failure instanceof ExtismFunctionException) {
            String error = ((ExtismFunctionException) failure).getError();
            error = error == null ? "" : error;
            if (memoryAtLimit()) {
                return new WasmException(Kind.MEMORY_LIMIT, "failed at the memory limit of "
                        + module.memory().maximum() + " pages: " + error, failure);
            }
            // The contract: the message is exactly the guest's error_set text.
            return new WasmException(Kind.GUEST_ERROR, error, failure);
        }
        String reason = failure instanceof StackOverflowError ? "call stack exhausted"
                : failure.getMessage() == null ? failure.toString() : failure.getMessage();
        if (memoryAtLimit()) {
            return new WasmException(Kind.MEMORY_LIMIT, "trapped at the memory limit of "
                    + module.memory().maximum() + " pages: " + reason, failure);
        }
        return new WasmException(Kind.TRAP, reason, failure);
    }

    /** Whether the plugin memory has grown to the engine's limit, so a refused grow likely caused the failure. */
    private boolean memoryAtLimit() {
        ChicoryWasmModule.MemoryBounds bounds = module.memory();
        if (bounds == null || !bounds.engineLimit() || main == null) {
            return false;
        }
        try {
            return main.memory().pages() >= bounds.maximum();
        } catch (RuntimeException e) {
            // Only the label of a failure already on its way to the caller depends on this: it
            // then says TRAP rather than MEMORY_LIMIT. Logged so that the cause is not lost.
            Machines.LOG.log(System.Logger.Level.DEBUG, "could not read the memory size of " + module.name(), e);
            return false;
        }
    }

    private static <T extends Throwable> T causedBy(Throwable failure, Class<T> type) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    @Override
    public void cancel() {
        while (true) {
            int now = phase.get();
            // Again when already CANCELLED: the call may have swallowed the first interrupt.
            if (now != RUNNING && now != CANCELLED) return;
            if (phase.compareAndSet(now, CANCELLING)) {
                try {
                    running.interrupt();
                } finally {
                    phase.set(CANCELLED);
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        // Drop the sdk objects so their memory can go; calls after close fail loudly.
        plugin = null;
    }

    @Override
    public String toString() {
        return "chicory instance of " + module.name();
    }
}
