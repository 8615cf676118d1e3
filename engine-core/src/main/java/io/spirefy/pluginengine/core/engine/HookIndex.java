package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.core.resolve.Snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hooks of one resolution by full ref and by bare id (resolved ones only), built once per
 * published {@link EngineView}: every callHook looks a hook up, and scanning all hooks (or even
 * building the plugin's ref string to find its entry) was a measurable part of a small call.
 */
final class HookIndex {

    /** A hook with the entry of its plugin (null when that was unloaded meanwhile). */
    record IndexedHook(HookInfo info, PluginEntry entry, String func) {
        IndexedHook(HookInfo info, PluginEntry entry) {
            this(info, entry, info.hook().func());
        }
    }

    private final Map<String, IndexedHook> byRef = new HashMap<>();
    private final Map<String, List<IndexedHook>> resolvedById = new HashMap<>();

    HookIndex(Snapshot s, Map<String, PluginEntry> entries) {
        for (HookInfo h : s.hooks()) {
            IndexedHook indexed = new IndexedHook(h, entries.get(PluginEntry.ref(h.pluginId(), h.pluginVersion())));
            byRef.putIfAbsent(h.ref(), indexed);
            if (h.resolved()) resolvedById.computeIfAbsent(h.hook().id(), k -> new ArrayList<>()).add(indexed);
        }
    }

    /**
     * The resolved hook {@code ref} names (a full ref, or a bare id that is unambiguous), with its
     * plugin's entry; throws when there is none.
     */
    IndexedHook find(String ref) {
        IndexedHook hook;
        if (ref.indexOf('/') >= 0) {
            hook = byRef.get(ref);
            if (hook == null) throw noSuchHook(ref, true);
        } else {
            List<IndexedHook> matches = resolvedById.getOrDefault(ref, List.of());
            if (matches.isEmpty()) throw noSuchHook(ref, false);
            if (matches.size() > 1) {
                throw new PluginCallException(CallFailure.NOT_FOUND, null, ref, "hook id " + ref + " is ambiguous: "
                        + String.join(", ", matches.stream().map(h -> h.info().ref()).toList()) + "; use the full ref");
            }
            hook = matches.get(0);
        }
        if (!hook.info().resolved()) {
            throw new PluginCallException(CallFailure.INACTIVE, null, ref, hook.info().resolution().reason());
        }
        if (hook.entry() == null) {
            throw new PluginCallException(CallFailure.NOT_FOUND, ref, null, "hook " + ref + " belongs to no loaded plugin");
        }
        return hook;
    }

    private static PluginCallException noSuchHook(String ref, boolean full) {
        return new PluginCallException(CallFailure.NOT_FOUND, null, ref, "no " + (full ? "" : "resolved ")
                + "hook " + ref + " is loaded (use pluginId@version/hookId)");
    }
}
