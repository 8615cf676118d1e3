package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.PluginCallException;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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
 * <p>Why not an executor: a nested hook call takes one to a few microseconds, and an executor's
 * hand-off (a queue, a future, a thread woken from sleep) cost several times that. Here the
 * caller hands the call to an idle worker directly and waits briefly for its answer, yielding its
 * core meanwhile, and a worker that just finished waits the same way for the next call (an anchor
 * calls its hooks back to back), so a hand-off costs 1-2 us whether the two threads share a core
 * or not; both park when the wait grows longer, so an idle engine burns nothing, and at once while
 * every core is busy, where a yield would lose the core for a time slice ({@link HandOffWaits}).
 * Workers are made on demand, the most recently used is reused first, and one idle for
 * {@value #KEEP_ALIVE_SECONDS} s ends. Their number is bounded: a call that finds none free fails
 * rather than waits (its callers hold the busy ones).
 *
 * <p>A stack of known size also lets the engine skip most hand-offs: on a worker, a nested call
 * whose runtime bounds the stack one entry can take runs inline as long as every level on the
 * stack had its bound reserved ({@link #USABLE_BYTES}, PluginCalls#callNested).
 */
final class FreshStacks implements AutoCloseable {

    /** Per thread: Chicory's compiled wasm and libextism's wasmtime each fit their deepest guest recursion in it with room to spare. */
    static final long STACK_BYTES = 8L << 20;
    /**
     * What the calls a worker runs may reserve of its stack: the rest is for the worker's own
     * frames beneath the first call and the JVM's guard zones at the end of the stack.
     */
    static final long USABLE_BYTES = STACK_BYTES - (512L << 10);
    /** Of a thread's stack: what its own frames beneath the first call and the JVM's guard zones take. */
    static final long RESERVED_BYTES = STACK_BYTES - USABLE_BYTES;
    static final long KEEP_ALIVE_SECONDS = 30;
    /**
     * How long a caller yields for its answer before it parks. A nested call or a whole anchor
     * usually ends within tens of microseconds, and parking makes the worker pay a wake-up (30-80
     * us on a 2-core VM) to answer. Worse, once one side has parked the other parks too: after
     * 5 us (the nested calls' wait until 3 December) a waiting caller gave up while the worker was
     * still being woken, and the two went on parking by turns, so that a bare nested hand-off took
     * 2.3-7.7 us instead of 0.9-1.1 (docs/PERFORMANCE.md, section 13).
     */
    private static final long CALLER_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long WORKER_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(10);

    private final int maxThreads;
    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicInteger names = new AtomicInteger();
    /**
     * An idle worker, the first one taken: where an anchor's back-to-back hand-offs find theirs. A
     * slot of its own, not the head of {@link #idle}: a deque node made and unlinked per hand-off
     * cost about 0.2 us of the 1 us a bare hand-off takes (docs/PERFORMANCE.md, section 13).
     */
    private final AtomicReference<Worker> lastIdle = new AtomicReference<>();
    /** The other idle workers, most recently used first. */
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final HandOffWaits waits;
    private volatile boolean closed;

    FreshStacks(int maxThreads) {
        this(maxThreads, new HandOffWaits());
    }

    /** With the waits given: for tests. */
    FreshStacks(int maxThreads, HandOffWaits waits) {
        this.maxThreads = maxThreads;
        this.waits = waits;
    }

    /**
     * Runs {@code call} on a fresh stack and waits for it. Its exceptions and errors reach the
     * caller as themselves.
     */
    <T> T run(Supplier<T> call, String ref, String function) {
        Task<T> task = new Task<>(call, Thread.currentThread());
        Worker worker = takeIdle();
        if (worker == null) worker = newWorker(ref, function);
        worker.hand(task);
        return task.await(CALLER_SPIN_NANOS, waits);
    }

    /**
     * {@link #run}, or {@code otherwise} on the calling thread when no worker is free and none may
     * be made: for a call that merely prefers a fresh stack.
     */
    <T> T runOr(Supplier<T> call, Supplier<T> otherwise) {
        Worker worker = takeIdle();
        if (worker == null && (closed || (worker = tryNewWorker()) == null)) return otherwise.get();
        Task<T> task = new Task<>(call, Thread.currentThread());
        worker.hand(task);
        return task.await(CALLER_SPIN_NANOS, waits);
    }

    /** An idle worker, the slot's first, or null when none is idle. */
    private Worker takeIdle() {
        Worker last = lastIdle.get();
        if (last != null && lastIdle.compareAndSet(last, null)) return last;
        return idle.pollFirst();
    }

    /**
     * {@code worker} is idle: in the slot when it is free, else first in the deque. Never both
     * nor neither at any moment, so a caller always finds every idle worker: one found by no
     * caller can make a nested call fail for want of threads.
     */
    private void putIdle(Worker worker) {
        if (!lastIdle.compareAndSet(null, worker)) idle.addFirst(worker);
    }

    /** Takes {@code worker} off the idle workers; false when a caller took it first. */
    private boolean withdraw(Worker worker) {
        return lastIdle.compareAndSet(worker, null) || idle.removeFirstOccurrence(worker);
    }

    private Worker newWorker(String ref, String function) {
        if (closed) throw new PluginCallException(CallFailure.CLOSED, ref, function, "the engine is closed");
        Worker worker = tryNewWorker();
        if (worker == null) {
            throw new PluginCallException(CallFailure.CALL_DEPTH, ref, function, "all " + maxThreads
                    + " threads for nested calls are busy");
        }
        return worker;
    }

    /** A new worker, or null when {@link #maxThreads} are running. */
    private Worker tryNewWorker() {
        if (threads.incrementAndGet() > maxThreads) {
            threads.decrementAndGet();
            return null;
        }
        Worker worker = new Worker();
        Thread thread = new Thread(null, worker, "pluginengine-call-" + names.incrementAndGet(), STACK_BYTES);
        // Daemons: a nested call never outlives the host call waiting for it, and an idle thread
        // must not keep the JVM alive.
        thread.setDaemon(true);
        worker.thread = thread;
        thread.start();
        return worker;
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w; (w = takeIdle()) != null; ) w.stop();
    }

    /** One call handed to a worker, and its outcome. */
    private static final class Task<T> {
        private final Supplier<T> call;
        private final Thread caller;
        private T result;
        private Throwable failure;
        private volatile boolean done;
        /** Set by the caller before it parks: only then does the worker pay for an unpark. */
        private volatile boolean callerParked;

        Task(Supplier<T> call, Thread caller) {
            this.call = call;
            this.caller = caller;
        }

        void compute() {
            try {
                result = call.get();
            } catch (Throwable e) {
                failure = e;
            }
        }

        void complete() {
            // Both sides write a volatile, then read the other's: either the caller sees done
            // before it parks, or this sees it parked.
            done = true;
            if (callerParked) LockSupport.unpark(caller);
        }

        T await(long spinNanos, HandOffWaits waits) {
            long spinUntil = System.nanoTime() + spinNanos;
            boolean yielding = true;
            boolean interrupted = false;
            waits.claimCore();
            boolean claimed = true;
            while (!done) {
                if (yielding && System.nanoTime() - spinUntil < 0) {
                    yielding = waits.yieldTurn();
                } else {
                    if (claimed) {
                        waits.releaseCore();
                        claimed = false;
                    }
                    callerParked = true;
                    if (!done) LockSupport.park(this);
                    // The nested call ends by its own clock; the caller's runtime sees an
                    // interrupt again when control returns to it.
                    if (Thread.interrupted()) interrupted = true;
                }
            }
            if (claimed) waits.releaseCore();
            if (interrupted) Thread.currentThread().interrupt();
            if (failure instanceof RuntimeException r) throw r;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException(failure);
            return result;
        }
    }

    private final class Worker implements Runnable {
        Thread thread;
        private volatile Task<?> task;
        private volatile boolean stopped;
        /** Set before the worker parks: only then does a caller pay for an unpark. */
        private volatile boolean parked = true;

        void hand(Task<?> t) {
            task = t;
            if (parked) LockSupport.unpark(thread);
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            parked = false;
            // Awake, the worker wants a core: it runs a call or yields waiting for the next.
            waits.claimCore();
            try {
                while (true) {
                    Task<?> t = next();
                    if (t == null) return;
                    task = null;
                    t.compute();
                    // Idle again before the caller hears back: its next nested call finds this
                    // worker, still spinning, instead of making another.
                    boolean ending = closed;
                    if (!ending) putIdle(this);
                    t.complete();
                    if (ending) return;
                }
            } finally {
                waits.releaseCore();
                threads.decrementAndGet();
            }
        }

        /** The next task, or null when this worker ends (stopped, or idle too long and withdrawn). */
        private Task<?> next() {
            long spinUntil = System.nanoTime() + WORKER_SPIN_NANOS;
            long idleUntil = spinUntil + TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS);
            boolean yielding = true;
            while (true) {
                Task<?> t = task;
                if (t != null) return t;
                if (stopped) return null;
                long now = System.nanoTime();
                if (yielding && now - spinUntil < 0) {
                    yielding = waits.yieldTurn();
                } else if (now - idleUntil < 0) {
                    waits.releaseCore();
                    parked = true;
                    if (task == null && !stopped) LockSupport.parkNanos(this, idleUntil - now);
                    parked = false;
                    waits.claimCore();
                } else if (withdraw(this)) {
                    return null;
                } else {
                    // A caller took this worker from the idle list and is about to hand it a task.
                    idleUntil = now + TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS);
                }
            }
        }
    }
}
