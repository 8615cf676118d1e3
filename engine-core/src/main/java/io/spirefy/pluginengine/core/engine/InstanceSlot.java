package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.EngineReporter;
import io.spirefy.pluginengine.api.spi.Cancellation;
import io.spirefy.pluginengine.api.spi.WasmInstance;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One live instance of a plugin with the state the engine keeps for it: the last error its
 * engine calls left (contract section 5, {@code GetLastError}), whether it may be reused, who
 * holds it (its {@link InstancePool}'s claim) and the clock of the call running on it.
 */
final class InstanceSlot {

    static final int IDLE = 0;
    static final int BUSY = 1;
    static final int RETIRED = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(InstanceSlot.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PluginEntry entry;
    private final TimeoutWatchdog.Clock clock;
    /** What its guest code logs and writes, on its way to the host (contract section 5). */
    private final GuestOutputRecorder output;
    private WasmInstance instance;
    private volatile String lastError;
    private volatile boolean broken;
    private volatile boolean oversized;
    /** {@link #IDLE}, {@link #BUSY} or {@link #RETIRED}; only a claim moves it from IDLE to BUSY. */
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state = BUSY;
    /**
     * The call tree holding the slot, while BUSY (see {@code DefaultPluginEngine.ThreadCalls#tree}):
     * read by the pool to detect re-entrant waits. A tree runs one call at a time, so every slot
     * it holds is held by the callers of its current call.
     */
    private volatile Object holder;
    /** Set while the instance is being made: its start section and {@code _initialize} stop when this is cancelled. */
    private volatile Cancellation instantiation;

    InstanceSlot(PluginEntry entry, TimeoutWatchdog watchdog, Object tree) {
        this(entry, watchdog, tree, GuestOutputRecorder.SILENT);
    }

    InstanceSlot(PluginEntry entry, TimeoutWatchdog watchdog, Object tree, EngineReporter reporter) {
        this.entry = entry;
        this.holder = tree;
        this.clock = watchdog.clock(this::cancelCall);
        this.output = new GuestOutputRecorder(entry.ref(), reporter);
    }

    /**
     * The signal that stops this instance's instantiation when its clock runs out; cleared with
     * {@link #attach}. {@code onGuestStart} runs when the runtime says guest code starts.
     */
    Cancellation instantiating(Runnable onGuestStart) {
        Cancellation c = Cancellation.create(onGuestStart);
        instantiation = c;
        return c;
    }

    void attach(WasmInstance instance) {
        this.instance = instance;
        this.instantiation = null;
    }

    PluginEntry entry() { return entry; }

    GuestOutputRecorder output() { return output; }

    WasmInstance instance() { return instance; }

    TimeoutWatchdog.Clock clock() { return clock; }

    String lastError() { return lastError; }

    void lastError(String message) { this.lastError = message; }

    /** After a trap, a timeout or a memory fault its state cannot be trusted: it is discarded, not reused. */
    void markBroken() { broken = true; }

    boolean broken() { return broken; }

    /** Healthy, but holding more memory than an idle instance may keep: discarded (with its {@code stop}) when released. */
    void markOversized() { oversized = true; }

    /** Whether it must not go back to the pool's idle instances. */
    boolean retiring() { return broken || oversized; }

    /** Whether no call holds it now (a moment's answer, for metrics). */
    boolean isIdle() {
        return (int) STATE.getVolatile(this) == IDLE;
    }

    /** Takes an idle slot for a call of {@code tree}; false when another call was first or it is busy or retired. */
    boolean tryClaim(Object tree) {
        if ((int) STATE.getVolatile(this) != IDLE || !STATE.compareAndSet(this, IDLE, BUSY)) return false;
        holder = tree;
        return true;
    }

    /** Gives a claimed slot back. The holder is cleared first, so a slot seen IDLE never names an old holder. */
    void unclaim() {
        holder = null;
        STATE.setVolatile(this, IDLE);
    }

    /** Withdraws an idle slot from use; false when a call claimed it first. */
    boolean retireIfIdle() {
        return STATE.compareAndSet(this, IDLE, RETIRED);
    }

    /** Withdraws a slot its holder will not give back (it is being discarded). */
    void retire() {
        STATE.setVolatile(this, RETIRED);
    }

    int state() { return (int) STATE.getVolatile(this); }

    Object holder() { return holder; }

    /** Ends the instance: its clock stops being watched and the runtime frees it. */
    void discard() {
        clock.close();
        if (instance != null) instance.close();
    }

    private void cancelCall() {
        WasmInstance i = instance;
        if (i != null) {
            i.cancel();
            return;
        }
        Cancellation c = instantiation;
        if (c != null) c.cancel();
    }
}
