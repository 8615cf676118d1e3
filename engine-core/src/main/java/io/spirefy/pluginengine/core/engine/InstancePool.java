package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.PluginCallException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The instances of one plugin. An instance serves one call at a time; a concurrent or re-entrant
 * call gets another one, up to a bound, beyond which it waits (contract section 7).
 *
 * <p>Why two paths: a call that finds an idle instance claims it with one compare-and-set on the
 * slot and gives it back with one volatile write, so threads calling the same plugin do not
 * serialize on a lock (a lock per acquire and release held two threads to 1.15x one thread's
 * throughput). The lock is taken only to create an instance, to wait for one, to discard one and
 * to close; {@link #slots} is copied on each such change and read without it.
 */
final class InstancePool {

    /** How instances come and go; the engine supplies it so that start/stop exports run with limits. */
    interface Factory {
        /** A new slot, claimed for a call of {@code tree}. */
        InstanceSlot create(PluginEntry entry, Object tree);

        void destroy(InstanceSlot slot, boolean runStop);
    }

    private static final InstanceSlot[] NONE = new InstanceSlot[0];

    private final PluginEntry entry;
    private final Factory factory;
    private final int max;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Every live slot, idle or busy, most recently created last. Replaced, never mutated. */
    private volatile InstanceSlot[] slots = NONE;
    /** Threads waiting on {@link #changed}; a release signals only when there are some. Written under the lock. */
    private volatile int waiters;
    private int creating;
    private volatile boolean closed;

    InstancePool(PluginEntry entry, Factory factory, int max) {
        this.entry = entry;
        this.factory = factory;
        this.max = max;
    }

    /** Instances that exist now, busy or idle. */
    int liveCount() {
        return slots.length;
    }

    /** Instances not running a call now. */
    int idleCount() {
        int idle = 0;
        for (InstanceSlot s : slots) if (s.isIdle()) idle++;
        return idle;
    }

    /**
     * An instance for the calling thread's exclusive use until {@link #release}.
     *
     * @param maxWaitNanos how long to wait for one when all are busy and no more may be made
     * @param home where the calling thread starts looking (any int): threads with different homes
     *     settle on different instances
     * @param tree the call tree asking (see {@link InstanceSlot#holder()})
     */
    InstanceSlot acquire(long maxWaitNanos, int home, Object tree) {
        if (closed) throw closedFailure();
        InstanceSlot slot = claimIdle(home, tree);
        if (slot == null) slot = acquireSlowly(System.nanoTime() + maxWaitNanos, home, tree);
        // close() sets the flag, then looks for busy slots: one of us sees the other.
        if (closed) {
            release(slot);
            throw closedFailure();
        }
        return slot;
    }

    /**
     * An idle slot claimed for this thread, or null. The search starts at the thread's home slot:
     * two threads calling one plugin then each keep their own instance (its memory stays in their
     * core's cache) and neither reads the slot the other writes on every call. Starting both at
     * slot 0 held two threads to 1.5x one thread's throughput.
     */
    private InstanceSlot claimIdle(int home, Object tree) {
        InstanceSlot[] all = slots;
        int n = all.length;
        if (n == 0) return null;
        int i = Math.floorMod(home, n);
        for (int tried = 0; tried < n; tried++) {
            if (all[i].tryClaim(tree)) return all[i];
            if (++i == n) i = 0;
        }
        return null;
    }

    private PluginCallException closedFailure() {
        return new PluginCallException(CallFailure.CLOSED, entry.ref(), null, "the plugin is stopping");
    }

    private InstanceSlot acquireSlowly(long deadline, int home, Object tree) {
        lock.lock();
        waiters++;
        try {
            while (true) {
                if (closed) throw closedFailure();
                InstanceSlot slot = claimIdle(home, tree);
                if (slot != null) return slot;
                if (slots.length + creating < max) {
                    creating++;
                    break;
                }
                if (creating == 0 && heldBy(tree)) {
                    // Re-entrant calls (a hook calling back into its own plugin) hold every
                    // instance in this very call tree: none can be released while we wait, so
                    // waiting would only end by the timeout. Fail now, as nesting too deep.
                    throw new PluginCallException(CallFailure.CALL_DEPTH, entry.ref(), null,
                            "re-entrant calls into the plugin need more than its " + max
                                    + " instances at once (limit maxInstancesPerPlugin)");
                }
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    throw new PluginCallException(CallFailure.TIMEOUT, entry.ref(), null,
                            "all " + max + " instances stayed busy; raise EngineLimits.maxInstancesPerPlugin or shorten the calls");
                }
                changed.awaitNanos(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginCallException(CallFailure.CLOSED, entry.ref(), null, "interrupted while waiting for an instance");
        } finally {
            waiters--;
            lock.unlock();
        }
        // Instantiation runs outside the lock: it may take milliseconds and run the plugin's start.
        InstanceSlot created = null;
        try {
            created = factory.create(entry, tree);
            return created;
        } finally {
            lock.lock();
            try {
                creating--;
                if (created != null) {
                    InstanceSlot[] grown = Arrays.copyOf(slots, slots.length + 1);
                    grown[grown.length - 1] = created;
                    slots = grown;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * True when every instance is busy serving {@code tree}, i.e. the callers of its current call.
     * Under the lock. An idle one means a release just happened: not a deadlock, look again.
     */
    private boolean heldBy(Object tree) {
        InstanceSlot[] all = slots;
        for (InstanceSlot slot : all) {
            if (slot.state() != InstanceSlot.BUSY || slot.holder() != tree) return false;
        }
        return all.length > 0;
    }

    /** Creates one idle instance now, as {@code loadOnStart} asks; throws when instantiation or start fails. */
    void warm() {
        release(acquire(TimeUnit.SECONDS.toNanos(60), 0, Thread.currentThread()));
    }

    void release(InstanceSlot slot) {
        if (closed || slot.retiring()) {
            discard(slot);
            return;
        }
        slot.unclaim();
        // Both sides write a volatile then read the other's: a waiter that counted itself before
        // our unclaim either sees the slot idle when it looks again, or is signalled here.
        if (waiters > 0) {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void discard(InstanceSlot slot) {
        lock.lock();
        try {
            slot.retire();
            slots = without(slots, List.of(slot));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        factory.destroy(slot, !slot.broken());
    }

    private static InstanceSlot[] without(InstanceSlot[] from, List<InstanceSlot> gone) {
        return Arrays.stream(from).filter(s -> !gone.contains(s)).toArray(InstanceSlot[]::new);
    }

    /**
     * Refuses new calls, waits up to {@code waitNanos} for the calls under way, and discards every
     * idle instance (running {@code stop} on healthy ones). With a wait, calls still running after
     * it are cancelled; with none, busy instances are discarded as their calls return.
     */
    void close(long waitNanos) {
        List<InstanceSlot> toDestroy = new ArrayList<>();
        closed = true;
        lock.lock();
        waiters++;
        try {
            long deadline = System.nanoTime() + waitNanos;
            // Instances still being made count as busy: their module must outlive them.
            while ((anyBusy() || creating > 0) && System.nanoTime() < deadline) {
                changed.awaitNanos(deadline - System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (waitNanos > 0) {
                for (InstanceSlot slot : slots) {
                    if (slot.state() == InstanceSlot.BUSY) {
                        slot.markBroken();
                        slot.instance().cancel();
                    }
                }
            }
            for (InstanceSlot slot : slots) {
                if (slot.retireIfIdle()) toDestroy.add(slot);
            }
            slots = without(slots, toDestroy);
            waiters--;
            lock.unlock();
        }
        for (InstanceSlot slot : toDestroy) factory.destroy(slot, true);
    }

    private boolean anyBusy() {
        for (InstanceSlot slot : slots) {
            if (slot.state() == InstanceSlot.BUSY) return true;
        }
        return false;
    }
}
