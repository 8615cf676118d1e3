package io.spirefy.pluginengine.core.contract;

import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Event;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.plugin.Version;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled schemas of one plugin's anchors and events, by id and version (the host may
 * declare one id at several versions); only those that declare a schema are here.
 */
public final class PluginContracts {

    public static final PluginContracts NONE = new PluginContracts(Map.of(), Map.of());

    /** A schema of a manifest that cannot be used, with the key path that holds it. */
    public record Invalid(String keyPath, String message) {
    }

    private record Key(String id, Version version) {
    }

    private final Map<Key, AnchorContract> anchors;
    private final Map<Key, PayloadSchema> events;

    private PluginContracts(Map<Key, AnchorContract> anchors, Map<Key, PayloadSchema> events) {
        this.anchors = anchors;
        this.events = events;
    }

    /**
     * Compiles every schema the descriptor declares.
     *
     * @param invalid receives each schema that cannot be used; the result is then incomplete
     */
    public static PluginContracts compile(PluginDescriptor d, List<Invalid> invalid) {
        Map<Key, AnchorContract> anchors = new HashMap<>();
        Map<Key, PayloadSchema> events = new HashMap<>();
        List<Anchor> declaredAnchors = d.anchors();
        for (int i = 0; i < declaredAnchors.size(); i++) {
            Anchor a = declaredAnchors.get(i);
            PayloadSchema call = compile(a.callSchema(), "anchors[" + i + "].callSchema", invalid);
            PayloadSchema response = compile(a.responseSchema(), "anchors[" + i + "].responseSchema", invalid);
            if (call != null || response != null) anchors.put(new Key(a.id(), a.version()), new AnchorContract(call, response));
        }
        List<Event> declaredEvents = d.events();
        for (int i = 0; i < declaredEvents.size(); i++) {
            Event e = declaredEvents.get(i);
            PayloadSchema schema = compile(e.schema(), "events[" + i + "].schema", invalid);
            if (schema != null) events.put(new Key(e.id(), e.version()), schema);
        }
        return anchors.isEmpty() && events.isEmpty() ? NONE : new PluginContracts(Map.copyOf(anchors), Map.copyOf(events));
    }

    /** Like {@link #compile(PluginDescriptor, List)}, throwing on the first schema that cannot be used (the host's declarations). */
    public static PluginContracts compileOrThrow(PluginDescriptor d) {
        List<Invalid> invalid = new ArrayList<>();
        PluginContracts contracts = compile(d, invalid);
        if (!invalid.isEmpty()) {
            Invalid first = invalid.get(0);
            throw new IllegalArgumentException(first.keyPath() + ": " + first.message());
        }
        return contracts;
    }

    private static PayloadSchema compile(Object schema, String keyPath, List<Invalid> invalid) {
        if (schema == null) return null;
        try {
            return SchemaCompiler.compile(schema);
        } catch (SchemaException e) {
            invalid.add(new Invalid(keyPath, e.getMessage()));
            return null;
        }
    }

    /** The anchor's contract, or null when it declares no schema. */
    public AnchorContract anchor(String anchorId, Version version) {
        return anchors.isEmpty() ? null : anchors.get(new Key(anchorId, version));
    }

    /** The event's schema, or null. */
    public PayloadSchema event(String eventId, Version version) {
        return events.isEmpty() ? null : events.get(new Key(eventId, version));
    }

    public boolean isEmpty() {
        return anchors.isEmpty() && events.isEmpty();
    }
}
