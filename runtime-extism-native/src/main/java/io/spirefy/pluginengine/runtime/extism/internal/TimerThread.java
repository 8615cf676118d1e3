package io.spirefy.pluginengine.runtime.extism.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Keeps libextism's timer thread from preempting the threads that call plugins (Linux).
 *
 * <p>libextism 1.41 tells one timer thread per process about every plugin call, twice ("started"
 * and "ended", a channel message each), whether or not a timeout is set; the thread sleeps between
 * messages, so each message wakes it. Linux runs the woken thread at once on the sender's core,
 * taking it from the caller, because a thread that mostly sleeps is owed CPU time. So every plugin
 * call paid two involuntary context switches of its calling thread on top of libextism's own work:
 * 0.8 to 1.3 per message were counted here (about 16 per 10 hook calls from Java, 28 per anchor
 * calling 10 hooks), about a third of the call's wall-clock time on a busy 2-core machine
 * (docs/PERFORMANCE.md, "The per-CallHook path profiled").
 *
 * <p>Under {@code SCHED_BATCH} a woken thread never preempts a running one: it runs at once on an
 * idle core, or on a busy one within the scheduler's next tick (a few milliseconds), with the same
 * share of CPU as before. Its work is the timer's bookkeeping and {@code extism_plugin_cancel}'s
 * epoch bump; the engine times calls itself and re-sends cancels until a call ends
 * ({@code ExtismInstance}), so a cancel taking effect a tick later changes no outcome.
 *
 * <p>The timer thread is libextism's, unnamed, and made by the first plugin instantiation in the
 * process. So that instantiation runs on a thread of ours named {@value #THREAD_NAME}: Linux gives
 * a new thread its creator's name, which identifies the timer thread among the process's threads
 * afterwards (and names it in {@code top}). When libextism made its timer earlier (the Extism
 * Java SDK in the same process instantiated first), no such thread appears and nothing changes.
 *
 * <p><b>On the callers' core.</b> Even under {@code SCHED_BATCH} the timer thread costs a caller
 * much when it runs on another core that is idle: it takes each message at once and sleeps again,
 * so each of the two messages of every call wakes it across cores (a futex wake and an
 * inter-processor interrupt, which in a virtual machine is a trip to the hypervisor), and the two
 * threads pass the channel's cache lines back and forth. Measured here: the calling thread spent
 * 43 % of a 5.1 us hook call in the kernel, 41 % of it in futex calls, against 0.4 % of 3.6 us when
 * both shared one core (docs/PERFORMANCE.md, "The engine's part of a native hook call"). On the
 * caller's own core a woken batch thread waits for the caller's tick, so the messages of many
 * calls find it awake and wake nothing. So every {@value #FOLLOW_MILLIS} ms at most, a plugin call
 * moves the timer thread onto the core it runs on ({@link #followCaller}), when it is not there
 * already. What that costs: a cancel ({@code extism_plugin_cancel} is a message to this thread) takes
 * effect when the timer next gets that core, within the scheduler's time slice (milliseconds) when
 * the call to be cancelled is the one occupying it: so a cancel first moves the timer thread onto the
 * cancelling thread's core ({@link #beforeCancel}).
 *
 * <p>System property {@value #PROPERTY}{@code =normal} leaves the thread as libextism made it;
 * {@code =batch} sets {@code SCHED_BATCH} but leaves it free to run on any core.
 */
public final class TimerThread {

    /** 15 characters: the most of a thread's name Linux keeps. */
    public static final String THREAD_NAME = "pe-extism-timer";
    public static final String PROPERTY = "pluginengine.extism.timerThread";
    /** Linux's {@code SCHED_BATCH}. */
    static final int SCHED_BATCH = 3;
    /** The first instantiation may run a guest initializer: the stack an engine worker has. */
    private static final long STACK_BYTES = 8L << 20;
    private static final System.Logger LOG = System.getLogger("io.spirefy.pluginengine.runtime.extism");

    private static volatile boolean settled = !System.getProperty("os.name", "").startsWith("Linux") || "normal".equals(System.getProperty(PROPERTY));

    /**
     * How often at most a call checks which core it runs on: one native call and, when it moved, one
     * system call and the timer's migration. Not more often: with calls on many cores at once, nearly
     * every check moves the timer, to no gain.
     */
    public static final long FOLLOW_MILLIS = 10;
    private static final long FOLLOW_NANOS = FOLLOW_MILLIS * 1_000_000L;
    /** libextism's timer thread, once found and put under SCHED_BATCH, unless told not to follow: then 0. */
    private static volatile int followedTid;
    /** When the next call may check its core ({@link System#nanoTime()}); the check that takes it moves it on. */
    private static final AtomicLong NEXT_CHECK = new AtomicLong();
    /** The core the timer thread was last moved to, or -1. Written by the one check under way. */
    private static volatile int timerCpu = -1;

    private TimerThread() {
    }

    /**
     * Runs {@code instantiate} (a call of {@code extism_plugin_new_from_compiled}) and returns its
     * result: the first time in this class loader on a thread named {@value #THREAD_NAME}, which then
     * sets the policy of the timer thread that libextism made meanwhile. Concurrent first calls
     * wait for that one; later calls run on the caller's thread.
     */
    public static <T> T aroundInstantiation(Supplier<T> instantiate) {
        if (settled) return instantiate.get();
        synchronized (TimerThread.class) {
            if (settled) return instantiate.get();
            try {
                return onNamedThread(instantiate);
            } finally {
                settled = true;
            }
        }
    }

    private static <T> T onNamedThread(Supplier<T> instantiate) {
        List<Object> outcome = new ArrayList<>(1);
        Thread t = new Thread(null, () -> {
            try {
                outcome.add(new Result<>(instantiate.get()));
            } catch (Throwable e) {
                outcome.add(e);
                return;
            }
            try {
                deprioritizeTimer();
            } catch (RuntimeException | LinkageError e) {
                // Slower calls at worst: never a reason to fail an instantiation.
                LOG.log(System.Logger.Level.DEBUG, "libextism's timer thread keeps its scheduling policy", e);
            }
        }, THREAD_NAME, STACK_BYTES);
        t.setDaemon(true);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                // The instantiation runs on regardless (no cancel reaches it): wait for it, keep the interrupt.
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        Object o = outcome.isEmpty() ? new IllegalStateException("libextism's first instantiation ended without an outcome") : outcome.get(0);
        if (o instanceof RuntimeException e) throw e;
        if (o instanceof Error e) throw e;
        if (o instanceof Throwable e) throw new IllegalStateException(e);
        @SuppressWarnings("unchecked")
        T value = ((Result<T>) o).value();
        return value;
    }

    private record Result<T>(T value) {
    }

    /** On the named thread, after the instantiation: the one other thread of that name is libextism's timer. */
    private static void deprioritizeTimer() {
        String self = ownTid();
        List<Integer> timers = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path task : tasks) {
                String tid = task.getFileName().toString();
                if (tid.equals(self)) continue;
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                } catch (IOException gone) {
                    continue; // a thread that ended meanwhile
                }
                if (name.equals(THREAD_NAME)) timers.add(Integer.parseInt(tid));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list this process's threads", e);
        }
        if (timers.size() != 1) {
            LOG.log(System.Logger.Level.DEBUG, "libextism's timer thread not found (" + timers.size()
                    + " threads named " + THREAD_NAME + "; libextism may have made it before this runtime's first instantiation)");
            return;
        }
        int tid = timers.get(0);
        Bindings.ACTIVE.schedSetscheduler(tid, SCHED_BATCH);
        LOG.log(System.Logger.Level.DEBUG, "libextism's timer thread (" + tid + ") runs under SCHED_BATCH");
        if (!"batch".equals(System.getProperty(PROPERTY))) {
            NEXT_CHECK.set(System.nanoTime());
            followedTid = tid;
        }
    }

    /**
     * At the start of a plugin call, {@code now} being the caller's {@link System#nanoTime()}: moves
     * libextism's timer thread onto the calling thread's core when it is elsewhere (class comment),
     * at most once every {@value #FOLLOW_MILLIS} ms in the process. Costs a call one volatile read
     * and a comparison otherwise. Never throws: a failure stops the following, nothing else.
     * (A cancel moves it too: {@link #beforeCancel}.)
     */
    public static void followCaller(long now) {
        if (followedTid == 0) return;
        long next = NEXT_CHECK.get();
        if (now - next < 0 || !NEXT_CHECK.compareAndSet(next, now + FOLLOW_NANOS)) return;
        moveHere();
    }

    /**
     * Just before a cancel is sent: moves the timer thread onto the cancelling thread's core. The
     * cancel is a message the timer thread must take, and the core it follows may be the one the
     * call to be cancelled occupies, where it would wait for the scheduler's next time slice
     * (measured: the cancelled call ended a median 1.3-2.3 ms after the cancel, against 0.3 ms with
     * the timer free). The canceller's core is not that call's, and the canceller is about to wait.
     * The next check of a call moves it back ({@link #followCaller}).
     */
    public static void beforeCancel() {
        if (followedTid != 0) moveHere();
    }

    /** The timer thread onto this thread's core, unless it is there; never throws. */
    private static void moveHere() {
        try {
            int cpu = Bindings.ACTIVE.currentCpu();
            if (cpu < 0 || cpu == timerCpu) return;
            Bindings.ACTIVE.pinThread(followedTid, cpu);
            timerCpu = cpu;
        } catch (Throwable e) {
            // The thread may be gone, or this process may not use that core (a cpuset): the timer
            // stays where it is, as it was before this runtime moved it at all.
            followedTid = 0;
            try {
                LOG.log(System.Logger.Level.DEBUG, "libextism's timer thread no longer follows the calling threads", e);
            } catch (Throwable ignored) {
                // on the call path: nothing may fail the call
            }
        }
    }

    /** This thread's id as Linux numbers it (the JDK 17 API has none). */
    private static String ownTid() {
        try {
            return Paths.get("/proc/thread-self").toRealPath().getFileName().toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot tell this thread's id", e);
        }
    }
}
