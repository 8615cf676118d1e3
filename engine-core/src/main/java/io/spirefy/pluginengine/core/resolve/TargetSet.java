package io.spirefy.pluginengine.core.resolve;

import io.spirefy.pluginengine.api.HostDeclarations;
import io.spirefy.pluginengine.api.plugin.Version;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The declarations of one kind (anchors or events) by id, with the plugin id that owns each id.
 * Only the owner's declarations can be resolved to; every other plugin's is a {@link Conflict}.
 */
final class TargetSet<T> {

    // Which declaration came first: load order, and for a tie (one archive, or a test) the names.
    private static final Comparator<Declared<?>> FIRST_LOADED =
            Comparator.comparingLong((Declared<?> d) -> d.owner().loadSequence())
                    .thenComparing(Declared::pluginId).thenComparing(Declared::pluginVersion);

    final TargetKind kind;
    private final Function<T, String> id;
    private final Function<T, Version> version;
    private final Map<String, String> inactive;
    private final Map<String, List<Declared<T>>> declaredById = new LinkedHashMap<>();
    private final Map<String, String> owners = new LinkedHashMap<>();
    private final Map<Declared<T>, Conflict> conflicts = new LinkedHashMap<>();

    /**
     * @param previousOwners id -> owning plugin id in the resolution before this one, so that
     *                       ownership outlives the unloading of the owner's first version
     */
    TargetSet(TargetKind kind, List<Candidate> sorted, Map<String, String> inactive, Map<String, String> previousOwners,
              Function<Candidate, List<T>> items, Function<T, String> id, Function<T, Version> version) {
        this.kind = kind;
        this.id = id;
        this.version = version;
        this.inactive = inactive;
        for (Candidate c : sorted) {
            List<T> list = items.apply(c);
            for (int i = 0; i < list.size(); i++) {
                declaredById.computeIfAbsent(id.apply(list.get(i)), k -> new ArrayList<>()).add(new Declared<>(c, i, list.get(i)));
            }
        }
        declaredById.forEach((targetId, decls) -> assignOwner(targetId, decls, previousOwners.get(targetId)));
    }

    /**
     * Every loaded declaration counts, active or not: a plugin that is stopped, failed or waiting
     * for a dependency keeps its ids, so a rival's declaration never takes over for a while and
     * hands the hooks back later. Ownership passes on only when the owner has no loaded
     * declaration of the id left.
     */
    private void assignOwner(String targetId, List<Declared<T>> decls, String previousOwner) {
        String owner;
        if (decls.stream().anyMatch(d -> d.pluginId().equals(HostDeclarations.HOST_PLUGIN_ID))) {
            // The host is the application: a name it declares is never a plugin's to keep.
            owner = HostDeclarations.HOST_PLUGIN_ID;
        } else if (previousOwner != null && decls.stream().anyMatch(d -> d.pluginId().equals(previousOwner))) {
            owner = previousOwner;
        } else {
            owner = decls.stream().min(FIRST_LOADED).orElseThrow().pluginId();
        }
        owners.put(targetId, owner);
        Declared<T> winner = decls.stream().filter(d -> d.pluginId().equals(owner)).min(FIRST_LOADED).orElseThrow();
        for (Declared<T> d : decls) {
            if (!d.pluginId().equals(owner)) {
                conflicts.put(d, new Conflict(kind, targetId, version(d), d.owner().ref(), winner.owner().ref(), owner));
            }
        }
    }

    Version version(Declared<T> d) {
        return version.apply(d.item());
    }

    TargetKey key(Declared<T> d) {
        return new TargetKey(id.apply(d.item()), version(d), d.owner().ref());
    }

    /** Every loaded declaration of the id, the owner's and the others'. */
    List<Declared<T>> declared(String targetId) {
        return declaredById.getOrDefault(targetId, List.of());
    }

    /** The plugin id owning {@code targetId}, or {@code null} when nothing declares it. */
    String owner(String targetId) {
        return owners.get(targetId);
    }

    /** The owner's declarations, active or not. */
    List<Declared<T>> owned(String targetId) {
        return declared(targetId).stream().filter(d -> !conflicts.containsKey(d)).toList();
    }

    /** The declarations that lost to the owner. */
    List<Declared<T>> conflicting(String targetId) {
        return declared(targetId).stream().filter(conflicts::containsKey).toList();
    }

    /** The owner's declarations whose plugin is active: the only ones anything resolves to. */
    List<Declared<T>> usable(String targetId) {
        return owned(targetId).stream().filter(d -> !inactive.containsKey(d.owner().ref())).toList();
    }

    String inactiveReason(Declared<T> d) {
        return inactive.get(d.owner().ref());
    }

    /** A conflict comes first: starting the plugin would not make its declaration usable. */
    String whyUnusable(Declared<T> d) {
        Conflict c = conflicts.get(d);
        return c != null ? c.message() : inactiveReason(d);
    }

    /** Highest version wins; among equal versions, the declaration of the highest plugin version. */
    Comparator<Declared<T>> precedence() {
        return Comparator.comparing(this::version).thenComparing(Declared::pluginVersion);
    }

    List<TargetKey> activeKeys() {
        List<TargetKey> keys = new ArrayList<>();
        for (String targetId : declaredById.keySet()) {
            usable(targetId).stream().sorted(precedence().reversed()).map(this::key).forEach(keys::add);
        }
        return keys;
    }

    List<Conflict> conflicts() {
        return List.copyOf(conflicts.values());
    }

    Map<String, String> owners() {
        return new HashMap<>(owners);
    }

    interface InfoMaker<T, I> {
        I make(Declared<T> declared, boolean active, String reason);
    }

    <I> List<I> infos(InfoMaker<T, I> maker) {
        List<I> out = new ArrayList<>();
        for (List<Declared<T>> decls : declaredById.values()) {
            for (Declared<T> d : decls) {
                String why = whyUnusable(d);
                out.add(maker.make(d, why == null, why));
            }
        }
        return out;
    }
}
