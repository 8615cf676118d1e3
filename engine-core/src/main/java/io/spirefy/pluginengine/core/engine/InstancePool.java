package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.PluginCallException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The instances of one plugin. An instance serves one call at a time; a concurrent or re-entrant
 * call gets another one, up to a bound, beyond which it waits (contract section 7).
 */
final class InstancePool {

    /** How instances come and go; the engine supplies it so that start/stop exports run with limits. */
    interface Factory {
        InstanceSlot create(PluginEntry entry);

        void destroy(InstanceSlot slot, boolean runStop);
    }

    private final PluginEntry entry;
    private final Factory factory;
    private final int max;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<InstanceSlot> idle = new ArrayDeque<>();
    private final List<InstanceSlot> inUse = new ArrayList<>();
    /** The thread each busy instance serves, to tell a wait that can end from one that cannot. */
    private final Map<InstanceSlot, Thread> holders = new IdentityHashMap<>();
    private int creating;
    private boolean closed;

    InstancePool(PluginEntry entry, Factory factory, int max) {
        this.entry = entry;
        this.factory = factory;
        this.max = max;
    }

    /**
     * An instance for the calling thread's exclusive use until {@link #release}.
     *
     * @param deadline {@link System#nanoTime()} by which one must be free
     */
    InstanceSlot acquire(long deadline) {
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new PluginCallException(CallFailure.CLOSED, entry.ref(), null, "the plugin is stopping");
                }
                InstanceSlot slot = idle.pollFirst();
                if (slot != null) {
                    inUse.add(slot);
                    holders.put(slot, Thread.currentThread());
                    return slot;
                }
                if (inUse.size() + creating < max) {
                    creating++;
                    break;
                }
                if (creating == 0 && heldByCallingThread()) {
                    // Re-entrant calls (a hook calling back into its own plugin) hold every
                    // instance on this very thread: none can be released while we wait, so
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
            lock.unlock();
        }
        // Instantiation runs outside the lock: it may take milliseconds and run the plugin's start.
        InstanceSlot created = null;
        try {
            created = factory.create(entry);
            return created;
        } finally {
            lock.lock();
            try {
                creating--;
                if (created != null) {
                    inUse.add(created);
                    holders.put(created, Thread.currentThread());
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** True when every busy instance serves the calling thread, i.e. its own callers. Under the lock. */
    private boolean heldByCallingThread() {
        Thread me = Thread.currentThread();
        for (InstanceSlot busy : inUse) {
            if (holders.get(busy) != me) return false;
        }
        return !inUse.isEmpty();
    }

    /** Creates one idle instance now, as {@code loadOnStart} asks; throws when instantiation or start fails. */
    void warm() {
        release(acquire(System.nanoTime() + TimeUnit.SECONDS.toNanos(60)));
    }

    void release(InstanceSlot slot) {
        boolean discard;
        lock.lock();
        try {
            inUse.remove(slot);
            holders.remove(slot);
            discard = closed || slot.broken();
            if (!discard) idle.addFirst(slot);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (discard) factory.destroy(slot, !slot.broken());
    }


    /**
     * Refuses new calls, waits up to {@code waitNanos} for the calls under way, and discards every
     * idle instance (running {@code stop} on healthy ones). With a wait, calls still running after
     * it are cancelled; with none, busy instances are discarded as their calls return.
     */
    void close(long waitNanos) {
        List<InstanceSlot> toDestroy;
        lock.lock();
        try {
            closed = true;
            long deadline = System.nanoTime() + waitNanos;
            while (!inUse.isEmpty() && System.nanoTime() < deadline) {
                changed.awaitNanos(deadline - System.nanoTime());
            }
            if (waitNanos > 0) {
                for (InstanceSlot busy : inUse) {
                    busy.markBroken();
                    busy.instance().cancel();
                }
            }
            toDestroy = new ArrayList<>(idle);
            idle.clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            toDestroy = new ArrayList<>(idle);
            idle.clear();
        } finally {
            lock.unlock();
        }
        for (InstanceSlot slot : toDestroy) factory.destroy(slot, true);
    }
}
