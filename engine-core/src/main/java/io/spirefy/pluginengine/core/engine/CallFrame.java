package io.spirefy.pluginengine.core.engine;

/**
 * One plugin function running on a thread. Its timeout counts only its own execution: the clock
 * pauses while it waits inside {@code CallHook} or {@code SendEvent} for the calls it made
 * (contract section 7); an overall deadline, when the host gave one, bounds it regardless.
 *
 * <p>Only the frame's own thread runs and pauses it; the timer thread only marks it timed out
 * through {@link #expired}, while its instance's clock holds off the pause.
 */
final class CallFrame implements Watchdog.Expiry {

    final int depth;
    final InstanceSlot slot;
    /** Absolute {@link System#nanoTime()} deadline over everything beneath the host's call, or Long.MAX_VALUE. */
    final long deadline;

    private long budgetNanos;
    private long runningSince;
    private boolean running;
    // Written by the timer thread before it releases the clock; read by this thread after its disarm.
    private volatile boolean timedOut;
    private volatile boolean deadlinePassed;

    CallFrame(CallFrame parent, InstanceSlot slot, long timeoutNanos, long deadline) {
        this.depth = parent == null ? 1 : parent.depth + 1;
        this.slot = slot;
        this.budgetNanos = timeoutNanos;
        this.deadline = deadline;
    }

    /** Starts or resumes this frame's clock. */
    void run() {
        if (running) return;
        running = true;
        long now = System.nanoTime();
        runningSince = now;
        long untilDeadline = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now;
        slot.clock().arm(now, Math.min(budgetNanos, untilDeadline), this);
    }

    /** Stops the clock while the frame waits for a nested call; {@link #run} resumes it with what is left. */
    void pause() {
        if (!running) return;
        running = false;
        slot.clock().disarm();
        budgetNanos -= System.nanoTime() - runningSince;
    }

    /**
     * Stops the clock for good: the function has returned. Unlike {@link #pause} it does not read
     * the time (each read costs ~30 ns here, a noticeable part of a one-microsecond call).
     */
    void finish() {
        if (!running) return;
        running = false;
        slot.clock().disarm();
    }

    @Override
    public void expired(long now) {
        if (timedOut) return;
        deadlinePassed = deadline != Long.MAX_VALUE && now - deadline >= 0;
        timedOut = true;
    }

    boolean timedOut() {
        return timedOut;
    }

    boolean deadlinePassed() {
        return deadlinePassed;
    }
}
