package io.spirefy.pluginengine.runtime.chicory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread running guest code, and a way for another thread to stop it (Chicory's interpreter and
 * compiled code both stop with {@code ChicoryInterruptedException} when their thread is interrupted)
 * without the interrupt reaching the thread's later, unrelated work.
 *
 * <p>{@link #interrupt()} moves the phase from RUNNING to INTERRUPTING while it interrupts, and
 * {@link #end()} waits that out; so an interrupt that comes after the guest code ended finds the phase
 * IDLE and does nothing, and one that was sent is cleared by {@link #end()}. (A lock did the same at
 * twice the cost on every call.) A thread already interrupted by its owner before {@link #begin()}
 * keeps its interrupt. One object serves any number of runs, one at a time: nothing is allocated per run.
 */
final class GuestRun {

    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int INTERRUPTING = 2;
    private static final int INTERRUPTED = 3;

    /** Turns an end spins on an interrupt under way before it yields instead. */
    private static final int SPINS_BEFORE_YIELDING = 100;

    /** IDLE, RUNNING (guest code is running), INTERRUPTING (being interrupted), INTERRUPTED. */
    private final AtomicInteger phase = new AtomicInteger(IDLE);
    /** The thread inside the run; written before the phase becomes RUNNING. */
    private volatile Thread running;

    /** The calling thread starts running guest code. */
    void begin() {
        running = Thread.currentThread();
        phase.set(RUNNING);
    }

    /**
     * The run is over: waits out an interrupt in progress and clears the one this object sent, if any.
     *
     * @return whether {@link #interrupt()} interrupted this run
     */
    boolean end() {
        for (int spins = 0; ; spins++) {
            int now = phase.get();
            if (now == INTERRUPTING) {
                // The interrupter is a few instructions from done; should it lose its core there
                // (every core busy), spinning on could keep it off this one for a time slice.
                if (spins < SPINS_BEFORE_YIELDING) Thread.onSpinWait();
                else Thread.yield();
            } else if (phase.compareAndSet(now, IDLE)) {
                running = null;
                if (now == INTERRUPTED) {
                    // Ours, and no later interrupt can come (the phase is IDLE): the thread is clean again.
                    Thread.interrupted();
                    return true;
                }
                return false;
            }
        }
    }

    /** Interrupts the run under way, from any thread; does nothing when none is. */
    void interrupt() {
        while (true) {
            int now = phase.get();
            // Again when already INTERRUPTED: the guest code may have swallowed the first interrupt.
            if (now != RUNNING && now != INTERRUPTED) return;
            if (phase.compareAndSet(now, INTERRUPTING)) {
                try {
                    running.interrupt();
                } finally {
                    phase.set(INTERRUPTED);
                }
                return;
            }
        }
    }
}
