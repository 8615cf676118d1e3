package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.wasm.WasmModule;
import io.spirefy.pluginengine.api.spi.WasmException;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compiles a module within its compile timeout: functions above the {@link CompileBounds} run
 * interpreted, and the compile itself runs on a thread of its own that the caller waits for no longer
 * than the timeout.
 *
 * <p><b>An overrun.</b> When the compile is not done in time the module runs wholly in the interpreter
 * (equivalent, slower) and {@code compile} returns at once. Chicory's compiler cannot be stopped (it
 * never looks at interrupts, and {@code Thread.stop} is gone), so the abandoned compile runs on to its
 * end on its daemon thread and its result is dropped. At most {@link #MAX_ABANDONED} such compiles may
 * be running at once: while that many are, further modules are not given to the compiler at all and
 * run interpreted, so a stream of hostile modules cannot take every core.
 */
final class BoundedCompiler {

    /** Abandoned compiles that may still be running before new modules skip the compiler. */
    static final int MAX_ABANDONED = 2;
    /** Deep blocks recurse in the compiler; the caller's thread (often main, 8 MiB) used to do this work. */
    private static final long STACK_BYTES = 8L << 20;

    private static final AtomicInteger ABANDONED = new AtomicInteger();

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int GIVEN_UP = 2;

    private final CompileBounds bounds;

    BoundedCompiler(CompileBounds bounds) {
        this.bounds = bounds;
    }

    CompileBounds bounds() {
        return bounds;
    }

    /** Compiles that overran their timeout and are still running. */
    static int abandoned() {
        return ABANDONED.get();
    }

    /** Compiled machines of {@code module}, in at most about {@code timeout}. */
    Machines.Compiled compile(WasmModule module, String label, Duration timeout) throws WasmException {
        return compile(module, label, timeout, null);
    }

    /**
     * As {@link #compile(WasmModule, String, Duration)}, leaving the classes in {@code store} (when
     * not null) once compiled, even when the caller stopped waiting: the next process then finds them.
     */
    Machines.Compiled compile(WasmModule module, String label, Duration timeout, Machines.Store store) throws WasmException {
        Set<Integer> slow = bounds.interpreted(module);
        if (!slow.isEmpty()) {
            Machines.LOG.log(System.Logger.Level.INFO, label + ": functions " + slow + " are above the compile bounds "
                    + bounds + " and run in the interpreter");
        }
        if (ABANDONED.get() >= MAX_ABANDONED) {
            Machines.LOG.log(System.Logger.Level.WARNING, label + " runs in the interpreter: " + ABANDONED.get()
                    + " compiles that overran their timeout are still running");
            return Machines.Compiled.interpreter();
        }
        AtomicInteger state = new AtomicInteger(RUNNING);
        FutureTask<Machines.Compiled> task = new FutureTask<>(() -> {
            try {
                return Machines.compile(module, label, slow, store);
            } finally {
                if (!state.compareAndSet(RUNNING, DONE)) {
                    ABANDONED.decrementAndGet();
                }
            }
        });
        Thread thread = new Thread(null, task, "chicory-compile " + label, STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            ABANDONED.incrementAndGet();
            if (!state.compareAndSet(RUNNING, GIVEN_UP)) {
                ABANDONED.decrementAndGet(); // it finished just now after all
                return done(task, label);
            }
            Machines.LOG.log(System.Logger.Level.WARNING, label + " did not compile within " + timeout
                    + "; it runs in the interpreter (the compile goes on in the background, its result unused)");
            return Machines.Compiled.interpreter();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ABANDONED.incrementAndGet();
            if (!state.compareAndSet(RUNNING, GIVEN_UP)) {
                ABANDONED.decrementAndGet();
            }
            throw new WasmException(WasmException.Kind.LINK, "compile of " + label + " was interrupted");
        } catch (ExecutionException e) {
            // Machines.compile falls back to the interpreter on the compiler's failures; what is left is an Error.
            Machines.LOG.log(System.Logger.Level.WARNING, "compile of " + label + " failed; running it in the interpreter",
                    e.getCause());
            return Machines.Compiled.interpreter();
        }
    }

    private static Machines.Compiled done(FutureTask<Machines.Compiled> task, String label) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Machines.Compiled.interpreter();
        } catch (ExecutionException e) {
            Machines.LOG.log(System.Logger.Level.WARNING, "compile of " + label + " failed; running it in the interpreter",
                    e.getCause());
            return Machines.Compiled.interpreter();
        }
    }
}
