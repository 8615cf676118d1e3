package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.EngineReporter;
import io.spirefy.pluginengine.api.EventMessage;
import io.spirefy.pluginengine.api.HostDeclarations;
import io.spirefy.pluginengine.api.ListenerInfo;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.TraceContext;
import io.spirefy.pluginengine.core.contract.PayloadSchema;
import io.spirefy.pluginengine.core.resolve.Snapshot;
import io.spirefy.pluginengine.core.resolve.TargetKey;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Events (contract section 6): delivered synchronously on the sender's thread to each resolved
 * listener once, in resolution order, plugin listeners and the host's Java listeners alike; a
 * failing listener is reported and delivery goes on. The host may opt into asynchronous sends on
 * an executor of its own.
 */
final class EventBus {

    private final Supplier<EngineView> view;
    private final PluginCalls calls;
    private final HostPlugin host;
    private final EngineReporter reporter;
    private final Executor executor;
    private final int maxCallDepth;
    /** Whether event payloads are checked against the event's schema. */
    private final boolean payloadChecks;
    private final boolean metrics;

    /** @param executor for {@link #sendAsync}; null when the host gave none */
    EventBus(Supplier<EngineView> view, PluginCalls calls, HostPlugin host, EngineReporter reporter, Executor executor, EngineLimits limits,
             boolean payloadChecks, boolean metrics) {
        this.view = view;
        this.payloadChecks = payloadChecks;
        this.metrics = metrics;
        this.calls = calls;
        this.host = host;
        this.reporter = reporter;
        this.executor = executor;
        this.maxCallDepth = limits.maxCallDepth();
    }

    CompletableFuture<DeliveryReport> sendAsync(String eventId, byte[] payload) {
        if (executor == null) {
            throw new IllegalStateException("no event executor: give one to PluginEngine.Builder.eventExecutor(...) to send asynchronously");
        }
        byte[] copy = payload.clone();
        // Sent from inside a traced call tree (a Java listener): the delivery stays part of that trace.
        TraceContext trace = calls.trace();
        if (trace != null) return CompletableFuture.supplyAsync(() -> calls.traced(trace, () -> deliver(eventId, copy, null)), executor);
        return CompletableFuture.supplyAsync(() -> deliver(eventId, copy, null), executor);
    }

    /**
     * Delivers an event on this thread to each resolved listener, in order.
     *
     * @param sender {@code id@version} of the sending plugin, or {@code null} for the host
     */
    DeliveryReport deliver(String eventId, byte[] payload, String sender) {
        EngineView v = view.get();
        Snapshot s = v.snapshot();
        TargetKey event = s.eventFor(eventId, sender).orElseThrow(() ->
                new PluginCallException(CallFailure.NOT_FOUND, sender, null, "event " + eventId + " is not declared by any active plugin"));
        int depth = calls.thread().nextDepth() - 1;
        if (depth + 1 > maxCallDepth) {
            throw new PluginCallException(CallFailure.CALL_DEPTH, sender, null, "sending event " + eventId + " at call depth "
                    + depth + " would exceed the limit of " + maxCallDepth);
        }
        if (payloadChecks) {
            PayloadSchema schema = v.eventSchema(event);
            String violation = schema == null ? null : schema.violation(payload);
            if (violation != null) {
                if (metrics) refusedByListeners(v, s, event);
                // Not delivered to anyone (contract section 10): the send fails as a whole.
                throw new PluginCallException(CallFailure.INVALID_PAYLOAD, sender, null, "the payload of event " + event.id() + "@"
                        + event.version() + " does not match its schema: " + violation);
            }
        }
        int delivered = 0;
        List<DeliveryReport.ListenerFailure> failures = new ArrayList<>();
        for (ListenerInfo l : s.listenersOf(event)) {
            try {
                if (l.pluginId().equals(HostDeclarations.HOST_PLUGIN_ID)) {
                    deliverToJava(l, event, sender, payload);
                } else {
                    PluginEntry entry = v.entry(l.pluginId(), l.pluginVersion());
                    if (entry == null) throw new PluginCallException(CallFailure.NOT_FOUND, l.ref(), null, "unloaded during delivery");
                    if (!deliverToPlugin(entry, l, eventId, sender, payload)) continue;
                }
                delivered++;
            } catch (PluginEngineException e) {
                DeliveryReport.ListenerFailure failure = new DeliveryReport.ListenerFailure(l.ref(), e);
                failures.add(failure);
                reporter.listenerFailed(eventId, failure);
            }
        }
        return new DeliveryReport(eventId, delivered, failures);
    }

    /**
     * Calls a plugin listener; when the plugin was replaced before the call got an instance
     * (nothing ran), delivers to the same listener of its replacement instead, as a hook call does
     * (contract section 7: old or new, never neither).
     *
     * @return false when the replacement no longer listens: by the engine's current state the
     *         event was never meant for it
     */
    private boolean deliverToPlugin(PluginEntry entry, ListenerInfo l, String eventId, String sender, byte[] payload) {
        for (int tries = 1; ; tries++) {
            try {
                calls.callPlugin(entry, l.listener().func(), payload, null);
                return true;
            } catch (ReplacedMeanwhile e) {
                if (tries == PluginCalls.MAX_LOOKUPS) throw e;
                EngineView now = view.get();
                Snapshot s = now.snapshot();
                String pluginId = l.pluginId();
                String listenerId = l.listener().id();
                ListenerInfo again = s.eventFor(eventId, sender).stream()
                        .flatMap(event -> s.listenersOf(event).stream())
                        .filter(candidate -> candidate.pluginId().equals(pluginId) && candidate.listener().id().equals(listenerId))
                        .findFirst().orElse(null);
                if (again == null) return false;
                PluginEntry replacement = now.entry(again.pluginId(), again.pluginVersion());
                if (replacement == null) return false;
                entry = replacement;
                l = again;
            }
        }
    }

    /** A refused payload is a failed call of each plugin listener it was meant for. */
    private static void refusedByListeners(EngineView v, Snapshot s, TargetKey event) {
        for (ListenerInfo l : s.listenersOf(event)) {
            PluginEntry entry = v.entry(l.pluginId(), l.pluginVersion());
            if (entry != null) entry.stats.function(l.listener().func()).failed(CallFailure.INVALID_PAYLOAD);
        }
    }

    private void deliverToJava(ListenerInfo l, TargetKey event, String sender, byte[] payload) {
        HostPlugin.JavaListener java = host.listener(l.listener().id());
        if (java == null) throw new PluginCallException(CallFailure.NOT_FOUND, l.ref(), null, "listener removed during delivery");
        ThreadCalls thread = calls.thread();
        if (thread.frame != null && !calls.measuredStackHoldsAWorkersCall(thread.frame)) {
            // Sent from inside a plugin, which may have used up this thread's stack first: the
            // host's own code gets a fresh one, as a nested plugin call does, unless as much as
            // that is measured left here.
            calls.onFreshStack(thread, here -> {
                runJavaListener(here, java, l, event, sender, payload);
                return null;
            }, l.ref(), null);
        } else {
            runJavaListener(thread, java, l, event, sender, payload);
        }
    }

    private static void runJavaListener(ThreadCalls thread, HostPlugin.JavaListener java, ListenerInfo l, TargetKey event,
                                        String sender, byte[] payload) {
        thread.hostDepth++;
        // The host's code takes what stack it takes: plugin calls it makes start on fresh stacks.
        long stackLeft = thread.stackLeft;
        thread.stackLeft = ThreadCalls.UNKNOWN;
        try {
            java.listener().onEvent(new EventMessage(event.id(), event.version(),
                    sender == null ? HostDeclarations.HOST_PLUGIN_ID : sender, payload.clone()));
        } catch (PluginEngineException e) {
            throw e;
        } catch (Exception e) {
            throw new PluginCallException(CallFailure.PLUGIN_ERROR, l.ref(), null, String.valueOf(e), e);
        } finally {
            thread.stackLeft = stackLeft;
            thread.hostDepth--;
        }
    }
}
