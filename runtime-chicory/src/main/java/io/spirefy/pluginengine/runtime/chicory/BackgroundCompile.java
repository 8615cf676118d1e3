package io.spirefy.pluginengine.runtime.chicory;


import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A big module's compile running on a daemon thread while its first instances run in Chicory's
 * interpreter (see {@link ChicoryRuntime}, "First calls"). The compile itself is the ordinary bounded
 * one ({@link BoundedCompiler}): within the module's compile timeout or the module stays interpreted,
 * and its classes go to the code cache when one is configured.
 *
 * <p>The thread is a daemon: a process that exits before the compile ends just drops it (a cache
 * entry is written whole to a temporary file and moved into place, so nothing half-written is ever
 * read, and {@link CompiledCodeCache} removes a stale temporary file later).
 */
final class BackgroundCompile {

    /** How a compile is run: {@link BoundedCompiler#compile} with its label, timeout and store. */
    @FunctionalInterface
    interface Job {
        Machines.Compiled run();
    }

    private final CompletableFuture<Machines.Compiled> result = new CompletableFuture<>();

    private BackgroundCompile() {
    }

    /**
     * Background compiles run one after another (on a 2-core machine; one core fewer than the
     * machine has in general): the interpreted first calls, {@code _initialize} above all, run on the
     * engine's clock and must keep a core. Three compiles at once next to one interpreted Go
     * {@code _initialize} made it overrun a 5 s call timeout on a loaded machine.
     */
    private static final ExecutorService QUEUE = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors() - 1), task -> {
                Thread thread = new Thread(task, "chicory-background-compile");
                thread.setDaemon(true);
                return thread;
            });

    /** Queues {@code job} for a background compile thread; {@code label} names the module in warnings. */
    static BackgroundCompile start(String label, Job job) {
        BackgroundCompile compile = new BackgroundCompile();
        QUEUE.execute(() -> compile.result.complete(run(label, job)));
        return compile;
    }

    private static Machines.Compiled run(String label, Job job) {
        try {
            return job.run();
        } catch (RuntimeException | Error e) {
            // Nobody waits on this thread to be told: the module keeps running interpreted, which is correct.
            Machines.LOG.log(System.Logger.Level.WARNING, "background compile of " + label
                    + " failed; it keeps running in the interpreter: " + Failures.reason(e), e);
            return Machines.Compiled.interpreter();
        }
    }

    /** The compiled machines when the compile has ended, else null. */
    Machines.Compiled ready() {
        return result.getNow(null);
    }

    /** Runs {@code action} with the result when the compile ends (at once when it has). */
    void whenDone(java.util.function.Consumer<Machines.Compiled> action) {
        result.thenAccept(action);
    }

    /**
     * Waits for the compile (at most about the compiles queued before it and its own compile timeout:
     * {@link BoundedCompiler} gives up on it then). Keeps the caller's interrupt and returns early on one.
     */
    Machines.Compiled await() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return Machines.Compiled.interpreter(); // cannot happen: run() completes normally
        }
    }
}
