package io.spirefy.pluginengine.core.engine;

/**
 * One plugin function running on a thread. Its timeout counts only its own execution: the clock
 * pauses while it waits inside {@code CallHook} or {@code SendEvent} for the calls it made
 * (contract section 7); the call tree's deadline (the host's, or the engine's default) bounds it regardless.
 *
 * <p>Only the frame's own thread runs and pauses it; the timer thread only marks it timed out
 * through {@link #expired}, while its instance's clock holds off the pause.
 */
final class CallFrame implements TimeoutWatchdog.Expiry {

    /** A {@link #deadline} still to be set from the call tree's budget when the frame first runs. */
    static final long UNSET = Long.MIN_VALUE;

    final int depth;
    final InstanceSlot slot;
    /** The export this frame runs; null while it instantiates. Set by its thread before it runs. */
    String function;
    private final CallFrame parent;
    /**
     * Absolute {@link System#nanoTime()} deadline over everything beneath the host's call. Set once,
     * by the frame's own thread before any nested call can read it (a nested call starts from
     * inside this frame's function, through a thread hand-off that publishes it).
     */
    long deadline;
    /** Bytes of payload held for this call tree down to this frame: the inputs of it and its callers. */
    final long payloadBytes;
    /** Nanoseconds from the first {@link #run} to the deadline, when it is {@link #UNSET}. */
    private final long treeBudgetNanos;

    private long budgetNanos;
    private long runningSince;
    private boolean running;
    // Written by the timer thread before it releases the clock; read by this thread after its disarm.
    private volatile boolean timedOut;
    private volatile boolean deadlinePassed;

    /**
     * @param deadline        the absolute deadline, or {@link #UNSET} to start one of
     *                        {@code treeBudgetNanos} when the frame first runs (a call the host
     *                        starts: reading the clock here as well would cost a second read per call)
     * @param payloadBytes    the size of this call's input
     */
    CallFrame(CallFrame parent, InstanceSlot slot, long timeoutNanos, long deadline, long treeBudgetNanos, long payloadBytes) {
        this.parent = parent;
        this.depth = parent == null ? 1 : parent.depth + 1;
        this.slot = slot;
        this.budgetNanos = timeoutNanos;
        this.deadline = deadline;
        this.treeBudgetNanos = treeBudgetNanos;
        this.payloadBytes = (parent == null ? 0 : parent.payloadBytes) + payloadBytes;
    }

    /** When the clock last started or resumed (the start of the call, read right after the first {@link #run}). */
    long runningSince() {
        return runningSince;
    }

    /** Starts or resumes this frame's clock. */
    void run() {
        if (running) return;
        running = true;
        long now = System.nanoTime();
        runningSince = now;
        if (deadline == UNSET) deadline = now + treeBudgetNanos;
        slot.clock().arm(now, Math.min(budgetNanos, deadline - now), this);
    }

    /**
     * Stops the clock while the frame waits for a nested call; {@link #run} resumes it with what is
     * left. A frame out of time (its own or its tree's) keeps its clock running: a plugin that
     * loops over CallHook spends nearly all its time waiting, and would otherwise never be
     * caught running, so the watchdog stops it while it waits.
     */
    void pause() {
        if (!running) return;
        long now = System.nanoTime();
        long left = budgetNanos - (now - runningSince);
        if (left <= 0 || now - deadline >= 0) return;
        running = false;
        slot.clock().disarm();
        budgetNanos = left;
    }

    /**
     * Whether the clock still runs although the frame waits for a nested call ({@link #pause}
     * kept it: the frame is out of time). Its watchdog will then stop it by interrupting its thread:
     * a callee must not run on that thread, where the interrupt would land in the callee instead.
     */
    boolean outOfTimeWhileWaiting() {
        return running;
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

    /**
     * Starts this running frame's budget afresh at {@code budget} from now, within the deadline:
     * for instantiation, whose guest code gets the call timeout once the runtime's own work
     * (parsing, linking) is done. On the frame's own thread.
     */
    void restart(long budget) {
        if (!running) return;
        slot.clock().disarm();
        long now = System.nanoTime();
        budgetNanos = budget;
        runningSince = now;
        slot.clock().arm(now, Math.min(budget, deadline - now), this);
    }

    /**
     * Moves the deadline of this frame and its callers back by {@code nanos}: time the engine spent
     * on work of its own (compiling a callee's module on first use, bounded by its own timeout)
     * is not the call tree's. Only while every frame of the chain is paused, waiting for this
     * thread: each reads its deadline again when it resumes.
     */
    void extendDeadline(long nanos) {
        for (CallFrame f = this; f != null; f = f.parent) {
            if (f.deadline != UNSET) f.deadline += nanos;
        }
    }

    @Override
    public void expired(long now) {
        if (timedOut) return;
        // When its own time ran out too (a host call whose deadline equals its timeout), the call
        // is told it ran past its timeout: that is what it did. Read safely: the clock was armed,
        // with a volatile write, after these were last written.
        boolean ownTimeUp = now - runningSince >= budgetNanos;
        deadlinePassed = now - deadline >= 0 && !ownTimeUp;
        timedOut = true;
    }

    boolean timedOut() {
        return timedOut;
    }

    boolean deadlinePassed() {
        return deadlinePassed;
    }
}
