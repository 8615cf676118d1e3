package io.spirefy.pluginengine.core.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * How the two sides of a {@link FreshStacks} hand-off wait for each other: by yielding their core
 * while a yield comes back at once, by parking while the machine's cores are all busy.
 *
 * <p>A yield, not {@link Thread#onSpinWait()}: the two sides often share one core (on a loaded
 * machine, or when the scheduler places a woken worker beside its waker), and a side that spins
 * there keeps the core from the side it waits for until its spin runs out. On a core of its own a
 * yield returns at once (about 0.3 us here). Measured on the 2-core machine at load 5-7
 * (docs/PERFORMANCE.md, "The fixed cost of an anchor call"): a bare hand-off took 13 us with both
 * sides spinning, 1.8 us with both yielding, 3.2 us with both parking at once.
 *
 * <p>But a yield hands the core to whatever else is runnable there, and when every core is busy
 * with threads that do not wait (more runnable threads than cores: a host under full load) that is
 * one of them, which keeps the core for its whole time slice. Measured with two busy threads
 * beside the engine on the 2-core machine: a handed anchor call took 0.7-3.7 ms instead of 15-55 us,
 * nearly every yield losing the core for a millisecond or more (docs/PERFORMANCE.md, "Hand-offs on
 * a saturated machine"). A thread that parks is woken ahead of such threads instead. Parking is
 * what costs on a quiet machine (waking an idle core takes 30-100 us here), so waits park only
 * once yields are seen to lose the core, and only while most of them do:
 * <ul>
 *   <li>a yield that took {@link #LOST_TURN_NANOS} or more (a lost turn: most took 1-8 ms there)
 *       ends its own wait's yielding: that wait parks;</li>
 *   <li>three lost turns with few quick yields between them make every wait park at once for a
 *       while ({@link #MIN_HOLD_NANOS}, doubling up to {@link #MAX_HOLD_NANOS} while the contention
 *       lasts, so that finding it again costs a few lost turns a second at most);</li>
 *   <li>a turn lost while as many of the engine's own threads wanted a core as there are cores
 *       (more host threads calling than cores) does not count: it went to one of them, which
 *       yields it back when its call is over, and parking would only add wake-ups (measured: 10-20 %
 *       fewer anchor calls a second from 2 and 4 host threads when it counted).</li>
 * </ul>
 * The JVM's own threads take a yield's turn now and then on a quiet machine too (the JIT compiler
 * threads above all, while a chicory plugin's code is compiled), and that changes nothing else.
 * Plugin code that computes for long on a core a waiting side shares counts like any other busy
 * thread: a hostile plugin can make the engine's hand-offs park (two wake-ups, 60-120 us, instead of
 * 1-2 us) for as long as it keeps the cores busy, and no more.
 *
 * <p>Shared by all the waits of one engine: contention is the machine's, not one thread's. The
 * score and the hold are read and written without locks; a race costs at most one wait's choice.
 */
final class HandOffWaits {

    /**
     * A yield that took this long lost the core to another thread's time slice. Shorter ones (0.5 ms
     * was tried) also catch the engine's own threads handing the core round when they outnumber
     * the cores.
     */
    static final long LOST_TURN_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** What a lost turn adds to the score, and each quick yield takes off it. */
    static final int LOST_TURN_WEIGHT = 16;
    /** The score at which waits start parking at once: three lost turns with few quick yields between. */
    static final int PARK_AT = 40;
    static final int MAX_SCORE = 64;
    static final long MIN_HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final long MAX_HOLD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LongSupplier clock;
    private final Runnable yield;
    private final int cores;
    /** The engine's threads that want a core now: waits yielding, workers awake (running a call or waiting for the next). */
    private final AtomicInteger active = new AtomicInteger();
    /** Lost turns, less the quick yields since: high only while most yields lose the core. */
    private volatile int score;
    /** Until when every wait parks at once. */
    private volatile long parkUntil;
    private volatile long hold = MIN_HOLD_NANOS;

    HandOffWaits() {
        this(System::nanoTime, Thread::yield, Runtime.getRuntime().availableProcessors());
    }

    /** With the clock, the yield and the number of cores given: for tests. */
    HandOffWaits(LongSupplier clock, Runnable yield, int cores) {
        this.clock = clock;
        this.yield = yield;
        this.cores = cores;
        parkUntil = clock.getAsLong() - 2 * MAX_HOLD_NANOS;
    }

    /**
     * One turn of a wait that is yielding, on a thread that claimed its core ({@link #claimCore}):
     * gives the core away once, unless the cores are known to be contended. False when the wait
     * should park from now on.
     */
    boolean yieldTurn() {
        long before = clock.getAsLong();
        if (before - parkUntil < 0) return false;
        int others = active.get() - 1;
        yield.run();
        long after = clock.getAsLong();
        int s = score;
        if (after - before < LOST_TURN_NANOS) {
            if (s > 0) score = s - 1;
            return true;
        }
        // As many of the engine's own threads wanted a core as there are: the turn went to one of
        // them (more host threads calling than cores), which yields it back once its call is over.
        if (others >= cores) return true;
        s = Math.min(s + LOST_TURN_WEIGHT, MAX_SCORE);
        score = s;
        if (s >= PARK_AT) contended(after);
        return false;
    }

    /**
     * The calling thread wants a core from now on: a wait that starts yielding, a worker that
     * wakes to run calls. Claimed once per wait, not per yield: both sides of a hand-off changing
     * one counter on every turn made it bounce between their cores and doubled a bare hand-off
     * (docs/PERFORMANCE.md, section 13).
     */
    void claimCore() {
        active.incrementAndGet();
    }

    /** The calling thread no longer wants a core: it is about to park, or its wait is over. */
    void releaseCore() {
        active.decrementAndGet();
    }

    /** How many of the engine's threads want a core now: for tests. */
    int claimedCores() {
        return active.get();
    }

    /** Whether waits park at once now: for tests. */
    boolean parking() {
        return clock.getAsLong() - parkUntil < 0;
    }

    private void contended(long now) {
        // Contended again soon after the last hold ended: the load is lasting, hold longer.
        long next = now - parkUntil < 2 * hold ? Math.min(2 * hold, MAX_HOLD_NANOS) : MIN_HOLD_NANOS;
        hold = next;
        parkUntil = now + next;
        // Found afresh after the hold: one lost turn then (the JIT, a collection) is not contention.
        score = 0;
    }
}
