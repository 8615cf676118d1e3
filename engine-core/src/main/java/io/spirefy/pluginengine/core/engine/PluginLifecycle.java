package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.PluginState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lifecycle of plugins (contract section 7): the states LOADED, RESOLVED, STARTED, STOPPED,
 * FAILED and UNLOADED, what each move does (a pool made, retired, warmed) and who is told.
 * Moves are decided under the {@link PluginRegistry}'s lock; what runs plugin code (closing a
 * pool runs {@code stop}, warming runs instantiation and {@code start}) is queued and done by
 * {@link #runPending} once the lock is released.
 */
final class PluginLifecycle {

    /** A pool to close once the lock is released; {@code drain} waits for its calls first. */
    private record Retired(InstancePool pool, boolean drain) {
    }

    private final HostNotices notices;
    private final int maxInstances;
    private final long drainNanos;
    private final List<Retired> poolsToClose = new ArrayList<>();
    private final List<PluginEntry> toWarm = new ArrayList<>();
    private InstancePool.Factory instances;

    PluginLifecycle(HostNotices notices, int maxInstances, Duration callTimeout) {
        this.notices = notices;
        this.maxInstances = maxInstances;
        // Calls under way end by their own timeout at the latest; wait a little longer than that.
        this.drainNanos = callTimeout.plusSeconds(1).toNanos();
    }

    /** Where new pools get their instances; set once, before anything starts. */
    void instancesFrom(InstancePool.Factory factory) {
        this.instances = factory;
    }

    /** How long stopping a plugin waits for its calls under way. */
    long drainNanos() {
        return drainNanos;
    }

    /**
     * Moves a plugin to the state its resolution implies, and starts it when the engine is started
     * and it can be. Under the lock.
     *
     * @param inactive why resolution holds the plugin out, if it does
     * @return true when starting it failed at once (resolution must run again without it)
     */
    boolean settle(PluginEntry e, Optional<String> inactive, boolean engineStarted) {
        switch (e.state()) {
            case LOADED -> {
                if (inactive.isEmpty()) transition(e, PluginState.RESOLVED, null);
                else e.state(PluginState.LOADED, inactive.get());
            }
            case RESOLVED -> {
                if (inactive.isPresent()) transition(e, PluginState.LOADED, inactive.get());
            }
            case STARTED -> {
                if (inactive.isPresent()) {
                    retire(e, true);
                    transition(e, PluginState.LOADED, inactive.get());
                }
            }
            default -> {
            }
        }
        if (engineStarted && e.state() == PluginState.RESOLVED) {
            start(e);
            return e.state() == PluginState.FAILED;
        }
        return false;
    }

    /** Why resolution must hold this plugin out, whatever its dependencies: null when nothing does. */
    static String held(PluginEntry e) {
        // Before the host's own reasons: starting it again cannot help a module that cannot link.
        if (e.unmetImports() != null && e.state() != PluginState.UNLOADED) return e.unmetImports();
        return switch (e.state()) {
            case STOPPED -> "stopped by the host";
            case FAILED -> "failed: " + e.failure();
            case UNLOADED -> "unloaded";
            default -> null;
        };
    }

    /** A pool for the plugin's instances, empty. */
    InstancePool newPool(PluginEntry e) {
        return new InstancePool(e, instances, maxInstances);
    }

    private void start(PluginEntry e) {
        e.pool(newPool(e));
        transition(e, PluginState.STARTED, null);
        // Not here: instantiating runs plugin code, which never runs under the engine's lock.
        if (e.descriptor.loadOnStart()) toWarm.add(e);
    }

    /** Takes the plugin's pool out of use; it is closed after the lock is released. */
    void retire(PluginEntry e, boolean drain) {
        InstancePool pool = e.pool();
        e.pool(null);
        if (pool != null) poolsToClose.add(new Retired(pool, drain));
    }

    void transition(PluginEntry e, PluginState to, String cause) {
        PluginState from = e.state();
        e.state(to, cause);
        if (from != to) notices.stateChanged(e.ref(), from, to, cause);
    }

    /** Takes the work queued under the lock; call with the lock held, run the result without it. */
    Runnable takePending(PluginFailures failures) {
        if (poolsToClose.isEmpty() && toWarm.isEmpty()) return null;
        List<Retired> retired = new ArrayList<>(poolsToClose);
        List<PluginEntry> warming = new ArrayList<>(toWarm);
        poolsToClose.clear();
        toWarm.clear();
        return () -> {
            for (Retired r : retired) r.pool().close(r.drain() ? drainNanos : 0);
            warm(warming, failures);
        };
    }

    /** Makes the first instance of each plugin with {@code loadOnStart}; outside the lock, each under its clock. */
    private static void warm(List<PluginEntry> starting, PluginFailures failures) {
        for (PluginEntry e : starting) {
            InstancePool pool = e.pool();
            if (pool == null || e.state() != PluginState.STARTED) continue;
            try {
                pool.warm();
            } catch (PluginEngineException ex) {
                // The factory already marked the plugin FAILED when the failure was the plugin's own.
                if (e.state() == PluginState.STARTED && ex instanceof PluginCallException call
                        && call.failure() == CallFailure.INSTANTIATION) {
                    failures.fail(e, ex.getMessage());
                }
            }
        }
    }
}
