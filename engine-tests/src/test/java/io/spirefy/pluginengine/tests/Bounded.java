package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.PluginCallException;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one engine operation on a fresh daemon thread and waits for it at most a bound. A hostile
 * plugin may hang the engine: then the test fails with "did not return" instead of hanging with
 * it (the child JVM that runs the attack is discarded afterwards, stuck thread and all). A fresh
 * thread with the default stack size is what a host's own thread looks like.
 */
final class Bounded {

    /** What an operation did, and how long it took. */
    record Outcome<T>(T value, Throwable thrown, long millis) {

        /** The PluginCallException it threw; anything else (an answer, an Error) is a failed expectation. */
        PluginCallException callFailure(String what) {
            if (thrown instanceof PluginCallException e) return e;
            if (thrown != null) throw new AssertionError(what + " threw " + thrown + " instead of failing as a call", thrown);
            throw new AssertionError(what + " was expected to fail but answered " + describe(value));
        }

        /** The value, or an AssertionError carrying whatever it threw. */
        T value(String what) {
            if (thrown != null) throw new AssertionError(what + " failed: " + thrown, thrown);
            return value;
        }
    }

    private Bounded() {
    }

    /** Runs {@code op} and waits up to {@code bound}; a hang fails with an AssertionError naming {@code what}. */
    static <T> Outcome<T> run(String what, Duration bound, Callable<T> op) {
        return run(what, bound, 0, op);
    }

    /** {@link #run} on a thread of {@code stackBytes} of stack (0: the JVM's default). */
    static <T> Outcome<T> run(String what, Duration bound, long stackBytes, Callable<T> op) {
        return run(what, bound, r -> new Thread(null, r, "hostile: " + what, stackBytes), op);
    }

    /** {@link #run} on a thread {@code threads} makes. */
    static <T> Outcome<T> run(String what, Duration bound, ThreadFactory threads, Callable<T> op) {
        FutureTask<T> task = new FutureTask<>(op);
        Thread thread = threads.newThread(task);
        thread.setDaemon(true);
        long start = System.nanoTime();
        thread.start();
        try {
            T value = task.get(bound.toNanos(), TimeUnit.NANOSECONDS);
            return new Outcome<>(value, null, elapsedMillis(start));
        } catch (ExecutionException e) {
            return new Outcome<>(null, e.getCause(), elapsedMillis(start));
        } catch (TimeoutException e) {
            AssertionError hung = new AssertionError(what + " did not return within " + bound.toMillis() + " ms (hung); it was at:");
            hung.setStackTrace(thread.getStackTrace());
            throw hung;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /** Like {@link #run} for an operation without a result. */
    static Outcome<Void> act(String what, Duration bound, ThrowingRunnable op) {
        return run(what, bound, () -> {
            op.run();
            return null;
        });
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String describe(Object value) {
        if (value instanceof byte[] b) {
            String s = EngineHarness.text(b);
            return b.length + " bytes: \"" + (s.length() > 200 ? s.substring(0, 200) + "..." : s) + "\"";
        }
        return String.valueOf(value);
    }
}
