package io.spirefy.pluginengine.core.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one timer thread of an engine: it stops calls that outlive their timeout. It never runs
 * plugin code; it only asks a runtime to cancel a call.
 *
 * <p>Why this shape: nearly every call ends long before its timeout, so arming and disarming must
 * cost next to nothing. Each instance owns a {@link Clock}, registered once when the instance is
 * made; a call arms it with one volatile write and disarms it with one compare-and-set, touching
 * no shared structure (a timer queue or a shared set made two threads calling one plugin contend,
 * and woke the timer thread on every call). The thread looks at the clocks every
 * {@value #TICK_MILLIS} ms while calls are about and sleeps after a second without any, so a
 * timeout fires at most one tick late.
 */
final class TimeoutWatchdog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.spirefy.pluginengine");

    static final long TICK_MILLIS = 5;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often a cancel is repeated until the cancelled call has ended. */
    static final long RECANCEL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Longest delay armed: keeps {@code now + delay} far from overflow. */
    private static final long MAX_DELAY_NANOS = TimeUnit.DAYS.toNanos(365);
    /** Turns a disarm spins on a cancel under way before it yields instead. */
    private static final int SPINS_BEFORE_YIELDING = 100;

    /** Clock values that are not due times; {@link #due(long)} keeps real ones off them. */
    private static final long DISARMED = Long.MIN_VALUE;
    private static final long CANCELLING = Long.MIN_VALUE + 1;

    private static final VarHandle DUE;

    static {
        try {
            DUE = MethodHandles.lookup().findVarHandle(Clock.class, "due", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What a clock does when its call's time is up. */
    interface Expiry {
        /** On the timer thread, just before the cancel; the armed call cannot stop its clock meanwhile. */
        void expired(long now);
    }

    /**
     * The timeout of the call running on one instance. Only that call's thread arms and disarms it;
     * the timer thread moves an armed, overdue clock to CANCELLING while it cancels, which a
     * disarm waits out: so a cancel always lands on the call it was meant for, never on the next
     * call of the same instance.
     */
    final class Clock implements AutoCloseable {
        @SuppressWarnings("unused") // accessed through DUE
        private volatile long due = DISARMED;
        private volatile Expiry armedFor;
        private final Runnable cancel;

        private Clock(Runnable cancel) {
            this.cancel = cancel;
        }

        /**
         * Starts timing: {@code expiry} runs, and the call is cancelled, once {@code delayNanos} have
         * passed since {@code now} (the caller's {@link System#nanoTime()}: it has just read it).
         */
        void arm(long now, long delayNanos, Expiry expiry) {
            armedFor = expiry;
            DUE.setVolatile(this, due(now + Math.min(Math.max(0, delayNanos), MAX_DELAY_NANOS)));
            // Both sides write a volatile then read the other's: either we see it asleep, or it sees our clock.
            if (sleeping) LockSupport.unpark(thread);
        }

        /** Stops timing; after it returns no cancel of this clock is under way or will come. */
        void disarm() {
            for (int spins = 0; ; spins++) {
                long d = (long) DUE.getVolatile(this);
                if (d == CANCELLING) {
                    // A cancel is under way on the timer thread (a native call on libextism); should
                    // that thread lose its core meanwhile (every core busy), spinning on could keep
                    // it off this one for a time slice.
                    if (spins < SPINS_BEFORE_YIELDING) Thread.onSpinWait();
                    else Thread.yield();
                } else if (DUE.compareAndSet(this, d, DISARMED)) {
                    armedFor = null;
                    return;
                }
            }
        }

        /** On the timer thread: fires when overdue. */
        private void check(long now) {
            long d = (long) DUE.getVolatile(this);
            if (d == DISARMED || d == CANCELLING || now - d < 0) return;
            if (!DUE.compareAndSet(this, d, CANCELLING)) return;
            try {
                Expiry expiry = armedFor;
                if (expiry != null) expiry.expired(now);
                // The runtime may drop a cancel that arrives just before its call really starts
                // (WasmInstance#cancel does nothing when no call runs): so cancel again every
                // RECANCEL_NANOS until the call disarms.
                cancel.run();
            } catch (Throwable e) {
                // A cancel that fails (even with an Error: a runtime out of memory or stack) must
                // not stop the timer for every other call; it is tried again next tick.
                logQuietly("pluginengine watchdog: cancelling a timed-out call failed", e);
            } finally {
                DUE.setVolatile(this, due(System.nanoTime() + RECANCEL_NANOS));
            }
        }

        private boolean armed() {
            return (long) DUE.getVolatile(this) != DISARMED;
        }

        /** Stops watching this clock: its instance is gone. */
        @Override
        public void close() {
            clocks.remove(this);
        }
    }

    private final Set<Clock> clocks = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean sleeping;
    private volatile boolean closed;

    TimeoutWatchdog() {
        thread = new Thread(this::loop, "pluginengine-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** A clock for a new instance; {@code cancel} stops the call running on it. Close it with the instance. */
    Clock clock(Runnable cancel) {
        Clock clock = new Clock(cancel);
        clocks.add(clock);
        return clock;
    }

    private static long due(long time) {
        return time == DISARMED || time == CANCELLING ? CANCELLING + 1 : time;
    }

    private void loop() {
        while (!closed) {
            try {
                watch();
            } catch (Throwable e) {
                // The engine's clocks must outlive anything: an OutOfMemoryError thrown here by
                // a heap a plugin filled is the plugin's failure, not the end of every timeout.
                logQuietly("pluginengine watchdog: recovered from an error", e);
                sleeping = false;
                LockSupport.parkNanos(this, TICK_NANOS);
            }
        }
    }

    /** Logs, unless logging itself fails (as it may when the heap is exhausted). */
    private static void logQuietly(String message, Throwable e) {
        try {
            LOG.log(System.Logger.Level.ERROR, message, e);
        } catch (Throwable ignored) {
            // Nothing left to tell it with; the loop goes on.
        }
    }

    private void watch() {
        long lastBusy = System.nanoTime();
        while (!closed) {
            long now = System.nanoTime();
            boolean busy = false;
            for (Clock clock : clocks) {
                clock.check(now);
                busy |= clock.armed();
            }
            if (busy) {
                lastBusy = now;
                LockSupport.parkNanos(this, TICK_NANOS);
            } else if (now - lastBusy < IDLE_NANOS) {
                LockSupport.parkNanos(this, TICK_NANOS);
            } else {
                sleeping = true;
                if (!anyArmed() && !closed) LockSupport.park(this);
                sleeping = false;
                lastBusy = System.nanoTime();
            }
        }
    }

    private boolean anyArmed() {
        for (Clock clock : clocks) {
            if (clock.armed()) return true;
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
