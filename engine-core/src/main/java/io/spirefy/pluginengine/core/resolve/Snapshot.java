package io.spirefy.pluginengine.core.resolve;

import io.spirefy.pluginengine.api.AnchorInfo;
import io.spirefy.pluginengine.api.EventInfo;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.ListenerInfo;
import io.spirefy.pluginengine.api.plugin.Version;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The resolution of everything loaded at one moment. Immutable: the engine publishes a new one on
 * every change, so calls in flight keep a consistent view without locks.
 */
public final class Snapshot {

    private final Map<String, String> inactive;
    private final List<AnchorInfo> anchors;
    private final List<EventInfo> events;
    private final List<HookInfo> hooks;
    private final Map<TargetKey, List<HookInfo>> hooksByAnchor;
    private final List<ListenerInfo> listeners;
    private final Map<TargetKey, List<ListenerInfo>> listenersByEvent;
    private final List<TargetKey> activeAnchors;
    private final List<TargetKey> activeEvents;
    private final List<Conflict> conflicts;
    private final Map<String, String> anchorOwners;
    private final Map<String, String> eventOwners;

    Snapshot(Map<String, String> inactive, List<AnchorInfo> anchors, List<EventInfo> events,
             List<HookInfo> hooks, Map<TargetKey, List<HookInfo>> hooksByAnchor,
             List<ListenerInfo> listeners, Map<TargetKey, List<ListenerInfo>> listenersByEvent,
             List<TargetKey> activeAnchors, List<TargetKey> activeEvents,
             List<Conflict> anchorConflicts, List<Conflict> eventConflicts,
             Map<String, String> anchorOwners, Map<String, String> eventOwners) {
        this.inactive = Map.copyOf(inactive);
        this.anchors = List.copyOf(anchors);
        this.events = List.copyOf(events);
        this.hooks = List.copyOf(hooks);
        this.hooksByAnchor = Map.copyOf(hooksByAnchor);
        this.listeners = List.copyOf(listeners);
        this.listenersByEvent = Map.copyOf(listenersByEvent);
        this.activeAnchors = List.copyOf(activeAnchors);
        this.activeEvents = List.copyOf(activeEvents);
        this.conflicts = Stream.concat(anchorConflicts.stream(), eventConflicts.stream()).toList();
        this.anchorOwners = Map.copyOf(anchorOwners);
        this.eventOwners = Map.copyOf(eventOwners);
    }

    /** An empty snapshot: nothing loaded. */
    public static Snapshot empty() {
        return Resolver.resolve(List.of());
    }

    /** Why a plugin cannot take part (held, or a dependency unmet), or empty when it is active. */
    public Optional<String> inactiveReason(String pluginRef) {
        return Optional.ofNullable(inactive.get(pluginRef));
    }

    public List<AnchorInfo> anchors() { return anchors; }

    public List<EventInfo> events() { return events; }

    public List<HookInfo> hooks() { return hooks; }

    public List<ListenerInfo> listeners() { return listeners; }

    /** The declarations not used because another plugin owns their id; {@link Conflict#message()} names both. */
    public List<Conflict> conflicts() { return conflicts; }

    /** Id -> owning plugin id, for every declared anchor (or event) id. */
    Map<String, String> owners(TargetKind kind) {
        return kind == TargetKind.ANCHOR ? anchorOwners : eventOwners;
    }

    /**
     * The anchor declaration hooks of {@code anchorId} are listed for: {@code caller}'s own
     * declaration when it declares one, otherwise the highest active version (contract section 5).
     */
    public Optional<TargetKey> anchorFor(String anchorId, String caller) {
        return pick(activeAnchors, anchorId, caller);
    }

    /** As {@link #anchorFor}, for events. */
    public Optional<TargetKey> eventFor(String eventId, String caller) {
        return pick(activeEvents, eventId, caller);
    }

    /** The active declaration of {@code anchorId} with exactly this version (highest owner version first). */
    public Optional<TargetKey> anchor(String anchorId, Version version) {
        return activeAnchors.stream().filter(k -> k.id().equals(anchorId) && k.version().equals(version)).findFirst();
    }


    public List<HookInfo> hooksOf(TargetKey anchor) {
        return hooksByAnchor.getOrDefault(anchor, List.of());
    }

    public List<ListenerInfo> listenersOf(TargetKey event) {
        return listenersByEvent.getOrDefault(event, List.of());
    }


    private static Optional<TargetKey> pick(List<TargetKey> active, String id, String caller) {
        // active keys are in precedence order per id, highest first
        if (caller != null) {
            Optional<TargetKey> own = active.stream().filter(k -> k.id().equals(id) && k.owner().equals(caller)).findFirst();
            if (own.isPresent()) return own;
        }
        return active.stream().filter(k -> k.id().equals(id)).findFirst();
    }
}
