package io.spirefy.pluginengine.core.engine;

/**
 * One plugin function running on a thread. Its timeout counts only its own execution: the clock
 * pauses while it waits inside {@code CallHook} or {@code SendEvent} for the calls it made
 * (contract section 7); an overall deadline, when the host gave one, bounds it regardless.
 */
final class CallFrame {

    /** How often a cancel is repeated until the cancelled call has ended. */
    private static final long RECANCEL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10);

    final int depth;
    final InstanceSlot slot;
    /** Absolute {@link System#nanoTime()} deadline over everything beneath the host's call, or Long.MAX_VALUE. */
    final long deadline;

    private final Watchdog watchdog;
    private long budgetNanos;
    private long runningSince;
    private Watchdog.Task timer;
    private boolean running;
    private boolean timedOut;
    private boolean deadlinePassed;

    CallFrame(CallFrame parent, InstanceSlot slot, long timeoutNanos, long deadline, Watchdog watchdog) {
        this.depth = parent == null ? 1 : parent.depth + 1;
        this.slot = slot;
        this.budgetNanos = timeoutNanos;
        this.deadline = deadline;
        this.watchdog = watchdog;
    }

    /** Starts or resumes this frame's clock. */
    synchronized void run() {
        if (running) return;
        running = true;
        runningSince = System.nanoTime();
        long untilBudget = budgetNanos;
        long untilDeadline = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - runningSince;
        timer = watchdog.schedule(this::expire, Math.min(untilBudget, untilDeadline));
    }

    /** Stops the clock: the frame waits for a nested call, or it has finished. */
    synchronized void pause() {
        if (!running) return;
        running = false;
        budgetNanos -= System.nanoTime() - runningSince;
        if (timer != null) timer.cancel();
        timer = null;
    }

    private void expire() {
        synchronized (this) {
            // A pause that won the race means the frame is no longer the one executing.
            if (!running) return;
            if (!timedOut) {
                timedOut = true;
                deadlinePassed = deadline != Long.MAX_VALUE && System.nanoTime() >= deadline;
            }
            // The clock starts just before the runtime enters the call, and a runtime drops a
            // cancel that arrives before that (WasmInstance#cancel does nothing when no call
            // runs): with a short or already passed deadline the call would then run unbounded.
            // So cancel again until the frame stops (pause cancels this timer).
            timer = watchdog.schedule(this::expire, RECANCEL_NANOS);
        }
        slot.instance().cancel();
    }

    synchronized boolean timedOut() {
        return timedOut;
    }

    synchronized boolean deadlinePassed() {
        return deadlinePassed;
    }

}
