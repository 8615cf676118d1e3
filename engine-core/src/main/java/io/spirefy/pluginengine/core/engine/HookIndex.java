package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.Resolution;
import io.spirefy.pluginengine.core.contract.AnchorContract;
import io.spirefy.pluginengine.core.contract.PluginContracts;
import io.spirefy.pluginengine.core.resolve.Snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The hooks of one resolution by full ref and by bare id (resolved ones only), built once per
 * published {@link EngineView}: every callHook looks a hook up, and scanning all hooks (or even
 * building the plugin's ref string to find its entry) was a measurable part of a small call.
 */
final class HookIndex {

    /**
     * A hook with the entry of its plugin (null when that was unloaded meanwhile) and the
     * contract of the anchor it resolved to (null when that declares no schema).
     */
    record IndexedHook(HookInfo info, PluginEntry entry, String func, AnchorContract contract, FunctionStats stats) {
        /** Its function's counters are found once here, not on every call. */
        IndexedHook(HookInfo info, PluginEntry entry, AnchorContract contract) {
            this(info, entry, info.hook().func(), contract, entry == null ? null : entry.stats.function(info.hook().func()));
        }
    }

    private final Map<String, IndexedHook> byRef = new HashMap<>();
    private final Map<String, List<IndexedHook>> resolvedById = new HashMap<>();

    /** Old plugin ref -> the ref that replaced it (contract section 7, Replace). */
    private final Map<String, String> replaced;

    /** @param contracts the compiled schemas of the plugin {@code id@version} (or the host) that owns an anchor */
    HookIndex(Snapshot s, Map<String, PluginEntry> entries, Function<String, PluginContracts> contracts) {
        this(s, entries, contracts, Map.of());
    }

    /**
     * @param contracts the compiled schemas of the plugin {@code id@version} (or the host) that owns an anchor
     * @param replaced  old plugin ref -> the ref of the plugin that replaced it: a full hook ref an
     *                  anchor read from GetHooks just before a replace still finds the hook, in the new plugin
     */
    HookIndex(Snapshot s, Map<String, PluginEntry> entries, Function<String, PluginContracts> contracts, Map<String, String> replaced) {
        this.replaced = replaced;
        for (HookInfo h : s.hooks()) {
            Resolution r = h.resolution();
            AnchorContract contract = r.resolved() ? contracts.apply(r.targetPlugin()).anchor(h.hook().anchorId(), r.targetVersion()) : null;
            IndexedHook indexed = new IndexedHook(h, entries.get(PluginEntry.ref(h.pluginId(), h.pluginVersion())), contract);
            byRef.putIfAbsent(h.ref(), indexed);
            if (h.resolved()) resolvedById.computeIfAbsent(h.hook().id(), k -> new ArrayList<>()).add(indexed);
        }
    }

    /**
     * The resolved hook {@code ref} names, with its plugin's entry; throws when there is none.
     * {@code ref} is a full ref, or a bare hook id (contract section 5): looked up first among the
     * hooks resolved to anchors that {@code caller} declares, then among all resolved hooks, and
     * used when exactly one matches at the first level that has any.
     *
     * @param caller {@code id@version} of the calling plugin ({@code host@0.0.0} for the host),
     *               or null for no first level
     */
    IndexedHook find(String ref, String caller) {
        int slash = ref.indexOf('/');
        IndexedHook hook = slash >= 0 ? byRef.get(ref) : byBareId(ref, caller);
        if (hook == null && slash >= 0) {
            String now = replaced.get(ref.substring(0, slash));
            if (now != null) hook = byRef.get(now + ref.substring(slash));
        }
        if (hook == null) throw noSuchHook(ref, true);
        if (!hook.info().resolved()) {
            throw new PluginCallException(CallFailure.INACTIVE, null, ref, hook.info().resolution().reason());
        }
        if (hook.entry() == null) {
            throw new PluginCallException(CallFailure.NOT_FOUND, ref, null, "hook " + ref + " belongs to no loaded plugin");
        }
        return hook;
    }

    private IndexedHook byBareId(String id, String caller) {
        List<IndexedHook> all = resolvedById.getOrDefault(id, List.of());
        if (all.isEmpty()) throw noSuchHook(id, false);
        // One candidate answers at either level, without a search: the original Go PDK calls
        // every hook by its bare id, so this is its hot path. Only a shared id allocates.
        if (all.size() == 1) return all.get(0);
        List<IndexedHook> own = caller == null ? List.of()
                : all.stream().filter(h -> caller.equals(h.info().resolution().targetPlugin())).toList();
        List<IndexedHook> level = own.isEmpty() ? all : own;
        if (level.size() == 1) return level.get(0);
        throw new PluginCallException(CallFailure.NOT_FOUND, null, id, "hook id " + id + " is ambiguous"
                + (own.isEmpty() ? "" : " among the hooks resolved to " + caller + "'s own anchors") + ": "
                + String.join(", ", level.stream().map(h -> h.info().ref()).toList()) + "; use the full ref");
    }

    private static PluginCallException noSuchHook(String ref, boolean full) {
        return new PluginCallException(CallFailure.NOT_FOUND, null, ref, "no " + (full ? "" : "resolved ")
                + "hook " + ref + " is loaded (use pluginId@version/hookId)");
    }
}
