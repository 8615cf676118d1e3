package io.spirefy.pluginengine.core.resolve;

import io.spirefy.pluginengine.api.AnchorInfo;
import io.spirefy.pluginengine.api.EventInfo;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.ListenerInfo;
import io.spirefy.pluginengine.api.Resolution;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Dependency;
import io.spirefy.pluginengine.api.plugin.Event;
import io.spirefy.pluginengine.api.plugin.Hook;
import io.spirefy.pluginengine.api.plugin.Listener;
import io.spirefy.pluginengine.api.plugin.Version;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The resolution rules of contract section 4, as a pure function from the loaded plugins to a
 * {@link Snapshot}. Load order never changes the outcome, except for which of two conflicting
 * declarations is "the later one", which the contract defines by load order.
 */
public final class Resolver {

    private Resolver() {
    }

    /** Resolves everything; {@code candidates} may be in any order. */
    public static Snapshot resolve(List<Candidate> candidates) {
        // Sorting first makes every list in the snapshot independent of the caller's order.
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparing((Candidate c) -> c.descriptor().id())
                .thenComparing(c -> c.descriptor().version()));

        Map<String, String> inactive = Dependencies.inactivePlugins(sorted);

        TargetSet<Anchor> anchors = new TargetSet<>("anchor", sorted, inactive,
                c -> c.descriptor().anchors(), Anchor::id, Anchor::version);
        TargetSet<Event> events = new TargetSet<>("event", sorted, inactive,
                c -> c.descriptor().events(), Event::id, Event::version);

        Map<TargetKey, List<HookInfo>> hooksByAnchor = new HashMap<>();
        List<Ordered<HookInfo>> hooks = new ArrayList<>();
        for (Candidate c : sorted) {
            List<Hook> declared = c.descriptor().hooks();
            for (int i = 0; i < declared.size(); i++) {
                Hook h = declared.get(i);
                String ref = c.ref() + "/" + h.id();
                List<Dependency> deps = concat(c.descriptor().dependencies(), h.dependencies());
                Outcome outcome = resolveContributor("hook " + ref, c, inactive, anchors, sorted,
                        h.anchorId(), h.anchorVersion(), deps);
                HookInfo info = new HookInfo(ref, c.descriptor().id(), c.descriptor().version(), h, outcome.resolution);
                hooks.add(new Ordered<>(info, h.order(), c, i, outcome.target));
            }
        }
        List<Ordered<ListenerInfo>> listeners = new ArrayList<>();
        for (Candidate c : sorted) {
            List<Listener> declared = c.descriptor().listeners();
            for (int i = 0; i < declared.size(); i++) {
                Listener l = declared.get(i);
                String ref = c.ref() + "/" + l.id();
                Outcome outcome = resolveContributor("listener " + ref, c, inactive, events, sorted,
                        l.eventId(), l.eventVersion(), c.descriptor().dependencies());
                ListenerInfo info = new ListenerInfo(ref, c.descriptor().id(), c.descriptor().version(), l, outcome.resolution);
                listeners.add(new Ordered<>(info, l.order(), c, i, outcome.target));
            }
        }

        return new Snapshot(inactive,
                anchors.infos((t, active, reason) -> new AnchorInfo(t.owner().ref(), t.item(), active, reason)),
                events.infos((t, active, reason) -> new EventInfo(t.owner().ref(), t.item(), active, reason)),
                inOrder(hooks), groupByTarget(hooks), inOrder(listeners), groupByTarget(listeners),
                anchors.activeKeys(), events.activeKeys(), anchors.conflicts(), events.conflicts());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A contributor's outcome: its resolution and, when resolved, the exact declaration it resolved to. */
    private record Outcome(Resolution resolution, TargetKey target) {
        static Outcome unresolved(String reason) {
            return new Outcome(Resolution.unresolved(reason), null);
        }
    }

    private static <T> Outcome resolveContributor(String who, Candidate owner, Map<String, String> inactive,
                                                  TargetSet<T> targets, List<Candidate> all,
                                                  String targetId, Version wanted, List<Dependency> deps) {
        String kind = targets.kind;
        String ownerReason = inactive.get(owner.ref());
        if (ownerReason != null) {
            return Outcome.unresolved(who + ": plugin " + owner.ref() + " is not active: " + ownerReason);
        }
        // Dependencies on plugins other than the target's owner must simply be present.
        List<Declared<T>> usable = targets.usable(targetId);
        for (Dependency d : deps) {
            boolean bindsTarget = usable.stream().anyMatch(t -> t.pluginId().equals(d.pluginId()));
            if (!bindsTarget && !d.pluginId().equals(owner.descriptor().id())) {
                Optional<String> missing = Dependencies.unmet(d, all, inactive);
                if (missing.isPresent()) {
                    return Outcome.unresolved(who + ": " + missing.get());
                }
            }
        }
        if (usable.isEmpty()) {
            List<Declared<T>> declared = targets.declared(targetId);
            if (declared.isEmpty()) {
                return Outcome.unresolved(who + ": " + kind + " " + targetId + " is not declared by any loaded plugin");
            }
            String owners = declared.stream()
                    .map(t -> t.owner().ref() + " (" + targets.whyUnusable(t) + ")")
                    .distinct().collect(Collectors.joining(", "));
            return Outcome.unresolved(who + ": " + kind + " " + targetId + " is declared only by plugins that are not active: " + owners);
        }

        List<Declared<T>> matching;
        if (wanted != null && wanted.isPreRelease()) {
            matching = usable.stream().filter(t -> targets.version(t).equals(wanted)).toList();
        } else if (wanted != null) {
            matching = usable.stream()
                    .filter(t -> !targets.version(t).isPreRelease() && targets.version(t).sameMinor(wanted)).toList();
        } else {
            matching = usable.stream().filter(t -> !targets.version(t).isPreRelease()).toList();
        }
        if (matching.isEmpty()) {
            String loaded = versionsText(usable, targets);
            String target = wanted == null ? "any release version"
                    : wanted.isPreRelease() ? "exactly " + wanted : wanted.minorLine();
            return Outcome.unresolved(who + ": " + kind + " " + targetId + " is loaded only as " + loaded
                    + "; the " + who.substring(0, who.indexOf(' ')) + " targets " + target
                    + (wanted == null ? " (a pre-release matches only a " + who.substring(0, who.indexOf(' '))
                    + " naming that exact version)" : ""));
        }
        List<Declared<T>> allowed = matching.stream()
                .filter(t -> deps.stream().filter(d -> d.pluginId().equals(t.pluginId())).allMatch(d -> d.accepts(t.pluginVersion())))
                .toList();
        if (allowed.isEmpty()) {
            String bounds = deps.stream().filter(d -> matching.stream().anyMatch(t -> t.pluginId().equals(d.pluginId())))
                    .map(d -> "on " + d.pluginId() + " requires " + d.rangeText())
                    .distinct().collect(Collectors.joining("; "));
            String offered = matching.stream().map(t -> targets.version(t) + " (by " + t.owner().ref() + ")")
                    .distinct().collect(Collectors.joining(", "));
            return Outcome.unresolved(who + ": " + kind + " " + targetId + " is loaded as " + offered
                    + ", but the dependency " + bounds);
        }
        Declared<T> best = allowed.stream().max(targets.precedence()).orElseThrow();
        return new Outcome(Resolution.resolved(targets.version(best), best.owner().ref()), targets.key(best));
    }

    private static <T> String versionsText(List<Declared<T>> usable, TargetSet<T> targets) {
        return usable.stream().map(targets::version).distinct().sorted()
                .map(Version::toString).collect(Collectors.joining(", "));
    }

    /** A contributor with the keys of its position in call order. */
    private record Ordered<I>(I info, int order, Candidate owner, int index, TargetKey target) {
    }

    // order, then plugin id, then plugin version, then declaration order (contract section 4)
    private static final Comparator<Ordered<?>> CALL_ORDER = Comparator.<Ordered<?>>comparingInt(Ordered::order)
            .thenComparing(o -> o.owner().descriptor().id())
            .thenComparing(o -> o.owner().descriptor().version())
            .thenComparingInt(Ordered::index);

    private static <I> List<I> inOrder(List<Ordered<I>> items) {
        return items.stream().map(Ordered::info).toList();
    }

    private static <I> Map<TargetKey, List<I>> groupByTarget(List<Ordered<I>> items) {
        Map<TargetKey, List<Ordered<I>>> grouped = new LinkedHashMap<>();
        for (Ordered<I> o : items) {
            if (o.target() != null) grouped.computeIfAbsent(o.target(), k -> new ArrayList<>()).add(o);
        }
        Map<TargetKey, List<I>> result = new HashMap<>();
        grouped.forEach((k, v) -> {
            v.sort(CALL_ORDER);
            result.put(k, v.stream().map(Ordered::info).toList());
        });
        return result;
    }

    /** Functional accessors so anchors and events share one set of rules. */
    static final class TargetSet<T> {
        final String kind;
        private final Function<T, String> id;
        private final Function<T, Version> version;
        private final Map<String, List<Declared<T>>> declaredById = new LinkedHashMap<>();
        private final Map<Declared<T>, String> conflictReason = new HashMap<>();
        private final Map<String, String> inactive;

        TargetSet(String kind, List<Candidate> sorted, Map<String, String> inactive,
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
            findConflicts();
        }

        /**
         * Two different plugins declaring one id on the same MAJOR.MINOR conflict; the declaration
         * of the plugin loaded later is not used. Only active declarations compete, so that a
         * stopped plugin does not keep blocking another.
         */
        private void findConflicts() {
            for (List<Declared<T>> decls : declaredById.values()) {
                Map<String, List<Declared<T>>> byLine = new LinkedHashMap<>();
                for (Declared<T> d : decls) {
                    if (inactive.containsKey(d.owner().ref())) continue;
                    Version v = version(d);
                    byLine.computeIfAbsent(v.major() + "." + v.minor(), k -> new ArrayList<>()).add(d);
                }
                for (List<Declared<T>> line : byLine.values()) {
                    Declared<T> first = line.stream()
                            .min(Comparator.comparingLong((Declared<T> d) -> d.owner().loadSequence())
                                    .thenComparing(Declared::pluginId).thenComparing(Declared::pluginVersion))
                            .orElseThrow();
                    for (Declared<T> d : line) {
                        if (!d.pluginId().equals(first.pluginId())) {
                            conflictReason.put(d, kind + " " + id.apply(d.item()) + " " + version(d) + " declared by "
                                    + d.owner().ref() + " conflicts with " + id.apply(first.item()) + " " + version(first)
                                    + " declared by " + first.owner().ref() + " (same " + version(d).minorLine()
                                    + " line from two different plugins); the declaration of " + d.owner().ref()
                                    + ", loaded later, is not used");
                        }
                    }
                }
            }
        }

        Version version(Declared<T> d) {
            return version.apply(d.item());
        }

        TargetKey key(Declared<T> d) {
            return new TargetKey(id.apply(d.item()), version(d), d.owner().ref());
        }

        List<Declared<T>> declared(String targetId) {
            return declaredById.getOrDefault(targetId, List.of());
        }

        List<Declared<T>> usable(String targetId) {
            return declared(targetId).stream()
                    .filter(d -> !inactive.containsKey(d.owner().ref()) && !conflictReason.containsKey(d))
                    .toList();
        }

        String whyUnusable(Declared<T> d) {
            String r = inactive.get(d.owner().ref());
            return r != null ? r : conflictReason.get(d);
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

        List<String> conflicts() {
            return List.copyOf(conflictReason.values());
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
}
