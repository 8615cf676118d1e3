package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.EventListener;
import io.spirefy.pluginengine.api.HostDeclarations;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Event;
import io.spirefy.pluginengine.api.plugin.Listener;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.core.contract.PluginContracts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host application's own declarations (contract section 8): its anchors and events, and its
 * Java listeners, resolved like a plugin's under the id {@code host}. Changed only under the
 * {@link PluginRegistry}'s lock; the listeners are also read by deliveries without it.
 */
final class HostPlugin {

    private static final Version HOST_VERSION = Version.of(0, 0, 0);

    /**
     * The host's {@code id@version}: the caller the host's own {@code callHook} is made as, so a
     * bare hook id means a hook on the host's own anchors first, like a plugin's (contract section 5).
     */
    static final String REF = PluginEntry.ref(HostDeclarations.HOST_PLUGIN_ID, HOST_VERSION);

    /** A Java listener with the declaration it resolves by. */
    record JavaListener(Listener declaration, EventListener listener) {
    }

    private final List<Anchor> anchors = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private volatile PluginContracts contracts = PluginContracts.NONE;
    // Insertion order keeps the descriptor, and so resolution, stable.
    private final Map<String, JavaListener> listeners = Collections.synchronizedMap(new LinkedHashMap<>());

    /**
     * Declares (or re-declares) an anchor; the host's anchors need a version.
     *
     * @throws IllegalArgumentException when one of its schemas cannot be used, naming which
     */
    void declare(Anchor anchor) {
        if (anchor.version() == null) throw new IllegalArgumentException("host anchor " + anchor.id() + " needs a version");
        PluginContracts.compileOrThrow(declaring(List.of(anchor), List.of()));
        anchors.removeIf(a -> a.id().equals(anchor.id()) && a.version().equals(anchor.version()));
        anchors.add(anchor);
        contracts = PluginContracts.compileOrThrow(descriptor());
    }

    /** Declares (or re-declares) an event; the host's events need a version. Its schema is checked like an anchor's. */
    void declare(Event event) {
        if (event.version() == null) throw new IllegalArgumentException("host event " + event.id() + " needs a version");
        PluginContracts.compileOrThrow(declaring(List.of(), List.of(event)));
        events.removeIf(e -> e.id().equals(event.id()) && e.version().equals(event.version()));
        events.add(event);
        contracts = PluginContracts.compileOrThrow(descriptor());
    }

    /** The compiled schemas of the host's anchors and events. */
    PluginContracts contracts() {
        return contracts;
    }

    void addListener(String id, String eventId, Version eventVersion, int order, EventListener listener) {
        if (listeners.containsKey(id)) throw new IllegalArgumentException("a Java listener with id '" + id + "' already exists");
        listeners.put(id, new JavaListener(new Listener(id, eventId, eventVersion, id, order), listener));
    }

    /** True when there was such a listener. */
    boolean removeListener(String id) {
        return listeners.remove(id) != null;
    }

    /** The Java listener of that id, or null when it was removed. */
    JavaListener listener(String id) {
        return listeners.get(id);
    }

    private static PluginDescriptor declaring(List<Anchor> anchors, List<Event> events) {
        return new PluginDescriptor(HostDeclarations.HOST_PLUGIN_ID, "host application", HOST_VERSION, null, null, null,
                false, List.of(), anchors, List.of(), events, List.of());
    }

    /** The host as a plugin for the resolver. */
    PluginDescriptor descriptor() {
        List<Listener> declared;
        synchronized (listeners) {
            declared = listeners.values().stream().map(JavaListener::declaration).toList();
        }
        return new PluginDescriptor(HostDeclarations.HOST_PLUGIN_ID, "host application", HOST_VERSION, null, null, null,
                false, List.of(), List.copyOf(anchors), List.of(), List.copyOf(events), declared);
    }
}
