package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.PluginCallException;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Engine-owned threads on which nested plugin calls run, each on a stack of its own (contract
 * section 7: no depth of nested calls a plugin can reach exhausts a thread's stack).
 *
 * <p>Why: a nested call ({@code CallHook}, {@code SendEvent} from inside a plugin) starts while
 * the caller's plugin code is still on the thread's stack, and a hostile caller can recurse in
 * wasm until that stack is all but gone before it calls. Run inline, the callee would then
 * overflow wherever it happens to be: in the engine's own bookkeeping (on Chicory, a stack
 * overflow while instantiating an innocent callee), or, on libextism, where every entry into
 * wasmtime claims its own stack allowance, in native code, which kills the JVM. Here every
 * nested call starts on a fresh stack of known size; the calling thread only waits. A wasm
 * recursion that exhausts that stack fails its own call, and only it.
 *
 * <p>Threads are made on demand and kept a while when idle; the number alive is bounded, and a
 * call that finds none free fails rather than waits (its callers hold the busy ones).
 */
final class FreshStacks implements AutoCloseable {

    /** Per thread: Chicory's compiled wasm and libextism's wasmtime each fit their deepest guest recursion in it with room to spare. */
    static final long STACK_BYTES = 8L << 20;
    private static final long KEEP_ALIVE_SECONDS = 30;

    private final ThreadPoolExecutor threads;

    FreshStacks(int maxThreads) {
        AtomicInteger count = new AtomicInteger();
        // Daemons: a nested call never outlives the host call waiting for it, and an idle thread
        // must not keep the JVM alive.
        this.threads = new ThreadPoolExecutor(0, maxThreads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(null, r, "pluginengine-call-" + count.incrementAndGet(), STACK_BYTES);
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Runs {@code call} on a fresh stack and waits for it. Its exceptions and errors reach the
     * caller as themselves.
     */
    <T> T run(Supplier<T> call, String ref, String function) {
        Future<T> future;
        try {
            future = threads.submit(call::get);
        } catch (RejectedExecutionException e) {
            throw new PluginCallException(CallFailure.CALL_DEPTH, ref, function, "all "
                    + threads.getMaximumPoolSize() + " threads for nested calls are busy");
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    // The nested call ends by its own clock; the caller's runtime sees the
                    // interrupt again when control returns to it.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new PluginCallException(CallFailure.TRAP, ref, function, String.valueOf(cause), cause);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        threads.shutdown();
    }
}
