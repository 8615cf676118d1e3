package io.spirefy.pluginengine.core.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one timer thread of an engine: it stops calls that outlive their timeout. It never runs
 * plugin code; it only asks a runtime to cancel a call.
 *
 * <p>Why not a ScheduledThreadPoolExecutor: every call schedules a task and nearly every call
 * cancels it long before it fires. With an executor each schedule onto an empty queue wakes the
 * timer thread (measured: a third of the engine's own cost of a 64-byte hook call on Chicory, and
 * two context switches per call). Here a call only adds itself to a concurrent set; the thread
 * looks at the set every {@value #TICK_MILLIS} ms while calls are about, and sleeps after a second
 * without any, so a timeout fires at most one tick late.
 */
final class Watchdog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.spirefy.pluginengine");

    static final long TICK_MILLIS = 5;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** A pending expiry; {@link #cancel()} withdraws it. Identity equality: each is its own entry. */
    final class Task {
        final long due;
        final Runnable action;

        private Task(long due, Runnable action) {
            this.due = due;
            this.action = action;
        }

        void cancel() {
            pending.remove(this);
        }
    }

    private final Set<Task> pending = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean sleeping;
    private volatile boolean closed;

    Watchdog() {
        thread = new Thread(this::loop, "pluginengine-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    Task schedule(Runnable action, long delayNanos) {
        Task task = new Task(System.nanoTime() + Math.max(0, delayNanos), action);
        pending.add(task);
        // Both sides write a volatile then read the other's: either we see it asleep, or it sees our task.
        if (sleeping) LockSupport.unpark(thread);
        return task;
    }

    private void loop() {
        long lastBusy = System.nanoTime();
        while (!closed) {
            long now = System.nanoTime();
            for (Task task : pending) {
                if (now - task.due >= 0 && pending.remove(task)) {
                    try {
                        task.action.run();
                    } catch (RuntimeException e) {
                        // A cancel that fails must not stop the timer for every other call; the
                        // call it meant to stop still ends by itself or by its caller's deadline.
                        LOG.log(System.Logger.Level.ERROR, "pluginengine watchdog: cancelling a timed-out call failed", e);
                    }
                }
            }
            if (!pending.isEmpty()) {
                lastBusy = now;
                LockSupport.parkNanos(this, TICK_NANOS);
            } else if (now - lastBusy < IDLE_NANOS) {
                LockSupport.parkNanos(this, TICK_NANOS);
            } else {
                sleeping = true;
                if (pending.isEmpty() && !closed) LockSupport.park(this);
                sleeping = false;
                lastBusy = System.nanoTime();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
