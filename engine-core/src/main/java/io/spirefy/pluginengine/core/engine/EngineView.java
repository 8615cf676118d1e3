package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.core.HookJson;
import io.spirefy.pluginengine.core.contract.PayloadSchema;
import io.spirefy.pluginengine.core.contract.PluginContracts;
import io.spirefy.pluginengine.core.resolve.Snapshot;
import io.spirefy.pluginengine.core.resolve.TargetKey;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What calls see: one resolution with the plugins it was made from, published whole by the
 * {@link PluginRegistry} after every change, so a call reads one volatile and never sees a
 * snapshot with another moment's entries.
 *
 * @param snapshot  the resolution
 * @param entries   the loaded plugins by {@code id@version}, as they were when it was made
 * @param hooks     its hooks, indexed for lookups by ref
 * @param hooksJson GetHooks' answers, made on first ask: an anchor owner typically asks on every
 *                  call, and the JSON only changes with resolution
 * @param hookRefs  GetHookRefs' answers, made on first ask, likewise
 * @param hostContracts the schemas of the host's own anchors and events
 */
record EngineView(Snapshot snapshot, Map<String, PluginEntry> entries, HookIndex hooks,
                  ConcurrentHashMap<TargetKey, byte[]> hooksJson, ConcurrentHashMap<TargetKey, byte[]> hookRefs,
                  PluginContracts hostContracts) {

    static final EngineView EMPTY = of(Snapshot.empty(), Map.of(), PluginContracts.NONE);

    static EngineView of(Snapshot snapshot, Map<String, PluginEntry> entries, PluginContracts hostContracts) {
        return of(snapshot, entries, hostContracts, Map.of());
    }

    /** @param replaced old plugin ref -> the ref that replaced it, so lookups by an old ref find the new plugin */
    static EngineView of(Snapshot snapshot, Map<String, PluginEntry> entries, PluginContracts hostContracts,
                         Map<String, String> replaced) {
        Map<String, PluginEntry> copy = Map.copyOf(entries);
        return new EngineView(snapshot, copy, new HookIndex(snapshot, copy, owner -> contractsOf(owner, copy, hostContracts),
                Map.copyOf(replaced)), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), hostContracts);
    }

    /** The schema an event declares, or null. */
    PayloadSchema eventSchema(TargetKey event) {
        return contractsOf(event.owner(), entries, hostContracts).event(event.id(), event.version());
    }

    private static PluginContracts contractsOf(String ownerRef, Map<String, PluginEntry> entries, PluginContracts host) {
        if (HostPlugin.REF.equals(ownerRef)) return host;
        PluginEntry owner = ownerRef == null ? null : entries.get(ownerRef);
        return owner == null ? PluginContracts.NONE : owner.contracts;
    }

    /** Plugin {@code id@version}, or null. */
    PluginEntry entry(String id, Version version) {
        return entries.get(PluginEntry.ref(id, version));
    }

    /** {@code id@version}, or a bare id naming the highest loaded version. */
    Optional<PluginEntry> find(String pluginRef) {
        PluginEntry exact = entries.get(pluginRef);
        if (exact != null || pluginRef.contains("@")) return Optional.ofNullable(exact);
        return entries.values().stream().filter(e -> e.descriptor.id().equals(pluginRef))
                .max(Comparator.comparing(e -> e.descriptor.version()));
    }

    /** The GetHooks JSON of one anchor. */
    byte[] hooksJson(TargetKey anchor) {
        return hooksJson.computeIfAbsent(anchor, key -> HookJson.toJson(snapshot.hooksOf(key)));
    }

    /** The GetHookRefs answer of one anchor: each hook's ref followed by a newline, in GetHooks' order (no ref holds one). */
    byte[] hookRefs(TargetKey anchor) {
        return hookRefs.computeIfAbsent(anchor, key -> {
            StringBuilder lines = new StringBuilder();
            for (var hook : snapshot.hooksOf(key)) lines.append(hook.ref()).append('\n');
            return lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        });
    }
}
