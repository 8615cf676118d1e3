package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.types.FunctionType;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import org.extism.sdk.chicory.ExtismFunctionException;
import org.extism.sdk.chicory.Plugin;

import java.util.TreeSet;

/**
 * One plugin instance: an sdk {@link Plugin} (the module plus its own Extism kernel).
 *
 * <p><b>Cancellation.</b> Chicory has no fuel or deadline, but both its interpreter and its compiled
 * code stop with {@link ChicoryInterruptedException} when their thread is interrupted. {@link #cancel()}
 * therefore interrupts the thread running the current call, through a {@link GuestRun} that keeps the
 * interrupt from reaching that thread's later work. A thread already interrupted by its owner before
 * the call also stops the call (CANCELLED), and keeps its interrupt.
 *
 * <p><b>Memory limit.</b> The instance's own memory and its kernel's share one budget of
 * {@code maxMemoryPages} ({@link MemoryBudget}). A call fails with MEMORY_LIMIT when the kernel would
 * pass it (a block, an input or an output too large), when the memories are found beyond it at the end
 * of the call, or when its own memory stands at the limit as the guest traps or returns an error (a
 * refused {@code memory.grow} answers -1, as wasm says, and the guest decides: it usually traps or
 * returns an error; that failure then carries the guest's own message). A single grow of many pages
 * refused well below the limit cannot be told apart from any other trap and is a TRAP.
 *
 * <p><b>Errors.</b> Any {@link Throwable} raised while the call runs, from guest code, a host
 * function, Chicory or the sdk, is a {@link WasmException} of that call. An instance whose memories
 * passed the budget, or during whose call the JVM ran out of memory, is discarded at once (its sdk
 * objects and memories dropped, so the heap they held can go even if the caller keeps this object);
 * later calls fail with TRAP saying why.
 */
final class ChicoryInstance implements WasmInstance {

    private final ChicoryWasmModule module;
    private final GuestRun run = new GuestRun();
    private volatile Plugin plugin;
    private volatile Instance main;
    private volatile Instance kernel;
    private final MemoryBudget budget;
    /** Why this instance was discarded by a failed call; null while it is usable or after close. */
    private volatile String discarded;

    ChicoryInstance(ChicoryWasmModule module, Plugin plugin, Instance main, Instance kernel, MemoryBudget budget) {
        this.module = module;
        this.plugin = plugin;
        this.main = main;
        this.kernel = kernel;
        this.budget = budget;
    }

    /** Whether both the plugin and its kernel run compiled code (false when either fell back). */
    boolean runsCompiled() {
        Instance m = main;
        Instance k = kernel;
        return m != null && k != null && !interpreted(m.getMachine()) && !interpreted(k.getMachine());
    }

    private static boolean interpreted(Machine machine) {
        Machine inner = machine instanceof KernelGuard ? ((KernelGuard) machine).kernel() : machine;
        if (inner instanceof SwitchingMachine) return ((SwitchingMachine) inner).interpreting();
        return inner instanceof InterpreterMachine;
    }

    @Override
    public boolean hasFunction(String name) {
        return module.exports(name);
    }

    @Override
    public byte[] call(String function, byte[] input) throws WasmException {
        Plugin p = plugin;
        if (p == null) {
            String why = discarded;
            if (why != null) {
                throw new WasmException(Kind.TRAP, "this instance was discarded after an earlier call: " + why);
            }
            throw new IllegalStateException("instance of module " + module.name() + " is closed");
        }
        if (!module.callable(function)) throw notCallable(function);

        byte[] output = null;
        Throwable failure = null;
        boolean cancelled;
        run.begin();
        try {
            output = p.call(function, input == null ? new byte[0] : input);
        } catch (Throwable e) { // see the class comment: nothing raised in the call escapes as itself
            failure = e;
        } finally {
            cancelled = run.end();
        }
        boolean within = budget.within();
        if (failure == null && within) {
            // A cancel that raced with a call that had already finished: the output is complete and valid.
            return output == null ? new byte[0] : output;
        }
        WasmException result = within ? classify(failure, cancelled) : beyondBudget(failure, cancelled);
        if (budget.overrun() || Failures.causedBy(failure, OutOfMemoryError.class) != null) {
            discard(result.getMessage());
        }
        throw result;
    }

    /**
     * The call ended with the memories beyond the budget: even when it succeeded, or when the guest (or
     * a host function) swallowed the kernel's refusal, or when the own memory grew after the last block.
     */
    private WasmException beyondBudget(Throwable failure, boolean cancelled) {
        MemoryLimitException over = budget.exceeded();
        if (failure == null || Failures.causedBy(failure, MemoryLimitException.class) != null) {
            return new WasmException(Kind.MEMORY_LIMIT, over.getMessage(), failure == null ? over : failure);
        }
        // Keep what the guest said or what trapped: it is often the clearer half of the story.
        return new WasmException(Kind.MEMORY_LIMIT, over.getMessage() + ": " + what(failure, cancelled), failure);
    }

    private String what(Throwable failure, boolean cancelled) {
        if (failure instanceof ExtismFunctionException) {
            return guestError((ExtismFunctionException) failure);
        }
        return classify(failure, cancelled).getMessage();
    }

    /**
     * The guest's {@code error_set} text; when it set none (or an offset that is no block) the message
     * says so. chicory-sdk 0.3.0 drops the export's return code: a machine wrapper that kept it cost
     * 24 bytes allocated on every call (the JIT no longer scalar-replaced the result array), so the
     * code is not named.
     */
    private static String guestError(ExtismFunctionException failure) {
        String error = failure.getError();
        return error == null || error.isEmpty() ? "returned non-zero without an error message" : error;
    }

    private WasmException notCallable(String function) {
        FunctionType type = module.exports().get(function);
        // The caller names the plugin and the function (WasmException): say only what is wrong, in the
        // native runtime's words (ExportRefusal), so that a command fails alike on both.
        if (type == null) {
            return new WasmException(Kind.NO_SUCH_FUNCTION, "the module exports no function of that name (its function exports: "
                    + String.join(", ", new TreeSet<>(module.exports().keySet())) + ")");
        }
        if (ChicoryWasmModule.isExtismFunction(type)) { // the right type, but an initializer (ChicoryWasmModule)
            return new WasmException(Kind.NO_SUCH_FUNCTION, "it is the module's initializer, which runs once when an instance is made, never as a call");
        }
        return new WasmException(Kind.NO_SUCH_FUNCTION, "its type is " + type + ", but a plugin function takes nothing and returns i32");
    }

    private WasmException classify(Throwable failure, boolean cancelled) {
        // The caller names the function and module (WasmException): say only what happened.
        if (cancelled || Failures.causedBy(failure, ChicoryInterruptedException.class) != null) {
            return new WasmException(Kind.CANCELLED, "cancelled", failure);
        }
        MemoryLimitException limit = Failures.causedBy(failure, MemoryLimitException.class);
        if (limit != null) {
            return new WasmException(Kind.MEMORY_LIMIT, limit.getMessage(), failure);
        }
        OutputOutsideBlockException outside = Failures.causedBy(failure, OutputOutsideBlockException.class);
        if (outside != null) return outside.toWasmException(failure);
        if (Failures.causedBy(failure, OutOfMemoryError.class) != null) {
            return new WasmException(Kind.MEMORY_LIMIT, Failures.JVM_OUT_OF_MEMORY + " (past the memory limit of the"
                    + " JVM itself; the instance held " + budget.heldPages() + " of its " + budget.maxPages()
                    + " pages) and the instance was discarded", failure);
        }
        if (Failures.causedBy(failure, StackOverflowError.class) != null) {
            return new WasmException(Kind.TRAP, Failures.STACK_EXHAUSTED, failure);
        }
        WasiExitException exit = Failures.causedBy(failure, WasiExitException.class);
        if (exit != null) {
            // Worded as the native runtime words it: the same failure reads the same on both.
            return new WasmException(Kind.TRAP, "exit code " + exit.exitCode(), failure);
        }
        HostFunctionException host = Failures.causedBy(failure, HostFunctionException.class);
        if (host != null) {
            return new WasmException(Kind.TRAP, "failed in host function " + host.function() + ": "
                    + host.getMessage(), failure);
        }
        if (failure instanceof ExtismFunctionException) {
            String error = guestError((ExtismFunctionException) failure);
            if (memoryAtLimit()) {
                return new WasmException(Kind.MEMORY_LIMIT, "failed at the memory limit of "
                        + module.memory().maximum() + " pages: " + error, failure);
            }
            // The contract: the message is the guest's error_set text.
            return new WasmException(Kind.GUEST_ERROR, error, failure);
        }
        String reason = Failures.reason(failure);
        if (memoryAtLimit()) {
            return new WasmException(Kind.MEMORY_LIMIT, "trapped at the memory limit of "
                    + module.memory().maximum() + " pages: " + reason, failure);
        }
        return new WasmException(Kind.TRAP, TrapText.of(reason), failure);
    }

    /** Whether the plugin memory has grown to the engine's limit, so a refused grow likely caused the failure. */
    private boolean memoryAtLimit() {
        ChicoryWasmModule.MemoryBounds bounds = module.memory();
        Instance m = main;
        if (bounds == null || !bounds.engineLimit() || m == null) {
            return false;
        }
        try {
            return m.memory().pages() >= bounds.maximum();
        } catch (RuntimeException e) {
            // Only the label of a failure already on its way to the caller depends on this: it
            // then says TRAP rather than MEMORY_LIMIT. Logged so that the cause is not lost.
            Machines.LOG.log(System.Logger.Level.DEBUG, "could not read the memory size of " + module.name(), e);
            return false;
        }
    }

    @Override
    public void cancel() {
        run.interrupt();
    }

    @Override
    public long memoryBytes() {
        // What the budget counts: the kernel's fixed first pages are the same for every instance.
        return budget.heldPages() * 65536L;
    }

    /** Drops everything that holds the instance's memories; later calls fail saying {@code why}. */
    private void discard(String why) {
        discarded = why;
        close();
    }

    @Override
    public void close() {
        // Drop the sdk objects so their memory can go; calls after close fail loudly.
        plugin = null;
        main = null;
        kernel = null;
        budget.release();
    }

    @Override
    public String toString() {
        return "chicory instance of " + module.name();
    }
}
