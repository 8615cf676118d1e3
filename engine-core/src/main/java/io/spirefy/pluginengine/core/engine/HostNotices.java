package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.EngineReporter;
import io.spirefy.pluginengine.api.PluginState;
import io.spirefy.pluginengine.api.PluginStateListener;
import io.spirefy.pluginengine.api.Problem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the host is told: problems (kept, and passed to its {@link EngineReporter}) and plugin
 * state changes (passed to its {@link PluginStateListener}s). A listener that throws is reported,
 * never allowed to stop the engine.
 */
final class HostNotices {

    private final EngineReporter reporter;
    private final List<PluginStateListener> stateListeners = new CopyOnWriteArrayList<>();
    private final List<Problem> problems = Collections.synchronizedList(new ArrayList<>());

    HostNotices(EngineReporter reporter, List<PluginStateListener> stateListeners) {
        this.reporter = reporter;
        this.stateListeners.addAll(stateListeners);
    }

    void addStateListener(PluginStateListener listener) {
        stateListeners.add(listener);
    }

    void report(Problem p) {
        problems.add(p);
        reporter.problem(p);
    }

    List<Problem> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    void stateChanged(String pluginRef, PluginState from, PluginState to, String cause) {
        for (PluginStateListener l : stateListeners) {
            try {
                l.stateChanged(pluginRef, from, to, cause);
            } catch (RuntimeException ex) {
                report(Problem.warning("engine", null, "a plugin state listener threw on " + pluginRef + " " + from + " -> " + to + ": " + ex));
            }
        }
    }
}
