package io.spirefy.pluginengine.api.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * A signal that work running guest code must stop: given by the engine to
 * {@link WasmModule#instantiate(List, Cancellation)}, where a module's start section and a
 * reactor's {@code _initialize} run before any {@link WasmInstance} exists to
 * {@link WasmInstance#cancel() cancel}.
 *
 * <p>A runtime registers, with {@link #onCancel}, how to stop what it is running (interrupt a
 * thread, cancel a native handle) as soon as it can, and unregisters it by closing the returned
 * handle when that work is over. The engine's timer calls {@link #cancel()} from its own thread;
 * an action registered after the cancel runs at once, on the registering thread.
 *
 * <p>Thread-safe. Once cancelled it stays cancelled.
 */
public final class Cancellation {

    private static final Cancellation NONE = new Cancellation(null);

    private final List<Runnable> actions = new ArrayList<>();
    private final Runnable onGuestStart;
    private boolean cancelled;

    private Cancellation(Runnable onGuestStart) {
        this.onGuestStart = onGuestStart;
    }

    /**
     * A fresh signal, not cancelled.
     *
     * @return the signal
     */
    public static Cancellation create() {
        return new Cancellation(null);
    }

    /**
     * A fresh signal whose {@link #guestStarting()} runs {@code onGuestStart}: the engine starts
     * the clock of the instantiation's guest code there.
     *
     * @param onGuestStart run by {@link #guestStarting()}, on the instantiating thread
     * @return the signal
     */
    public static Cancellation create(Runnable onGuestStart) {
        return new Cancellation(onGuestStart);
    }

    /**
     * Tells the engine that the instantiation's guest code (a start section, {@code _initialize})
     * is about to run: its timeout counts from here, and what the runtime did before (parsing,
     * validating, linking the module) is not held against the plugin. A runtime calls it once, on
     * the instantiating thread, just before that code runs. A runtime that never calls it still
     * has its instantiation bounded, by a wider clock that counts the runtime's own work too.
     */
    public void guestStarting() {
        if (onGuestStart != null) onGuestStart.run();
    }

    /**
     * A signal nobody cancels: for instantiation without a clock (tools, tests).
     *
     * @return the shared signal; actions registered on it are never run
     */
    public static Cancellation none() {
        return NONE;
    }

    /**
     * Whether {@link #cancel()} was called: for runtimes that poll rather than register an action.
     *
     * @return {@code true} once cancelled
     */
    public synchronized boolean cancelled() {
        return this != NONE && cancelled;
    }

    /**
     * Runs {@code action} when this is cancelled, or now when it already is.
     *
     * @param action how to stop the work; must not block, since the engine's timer runs it
     * @return closing it unregisters the action (the work it would stop is over)

     */
    public Registration onCancel(Runnable action) {
        if (this == NONE) return () -> { };
        synchronized (this) {
            if (!cancelled) {
                actions.add(action);
                return () -> {
                    synchronized (Cancellation.this) {
                        actions.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> { };
    }

    /**
     * Cancels: runs every registered action once, on this thread. Later calls run the actions
     * still registered again (a runtime may drop a cancel that arrives just before its work really
     * starts, so the engine repeats it until the work has ended).
     */
    public void cancel() {
        if (this == NONE) return;
        List<Runnable> toRun;
        synchronized (this) {
            cancelled = true;
            toRun = List.copyOf(actions);
        }
        for (Runnable action : toRun) action.run();
    }

    /** Unregisters an action; does not throw. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
