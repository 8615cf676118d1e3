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
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The resolution rules of contract section 4, as a pure function from the loaded plugins (and the
 * previous resolution) to a {@link Snapshot}. Load order never changes the outcome, except for
 * who owns an anchor or event id that several plugins declare.
 *
 * <p>Ownership (contract section 3). An anchor or event id belongs to one plugin id; all loaded
 * versions of that plugin may declare it side by side. A declaration of the id by any other
 * plugin id, at any version, higher, equal or lower, is a {@link Conflict}: it is not used, so no
 * hook or listener resolves to it, and a hook written against it stays unresolved with the reason
 * "anchor X is owned by O; P cannot declare it". Who owns an id:
 * <ol>
 *   <li>the host (plugin id {@code host}) when it declares the id, whenever it does: the host is
 *       the application, and its names are never a plugin's to keep;</li>
 *   <li>else the owner in the previous resolution, as long as one of its loaded versions still
 *       declares the id: loading version 2 of the owner and then unloading version 1 (an upgrade)
 *       never hands the id to a rival loaded in between;</li>
 *   <li>else the plugin id of the earliest-loaded declaration ({@link Candidate#loadSequence()}).</li>
 * </ol>
 * Every loaded declaration counts, whether its plugin is active or not: an owner that is
 * stopped, failed or waiting for a dependency keeps its ids, its hooks wait instead of moving to
 * a rival's declaration, and they come back when it does. Only when the owner has no loaded
 * declaration of the id left (it was unloaded, or its new version dropped the id) does the next
 * declaration in load order own it; that plugin's declarations are then used, and the remaining
 * others stay in conflict with it.
 */
public final class Resolver {

    private Resolver() {
    }

    /**
     * Resolves everything afresh, as if every plugin had been loaded in {@code loadSequence} order;
     * {@code candidates} may be in any order.
     */
    public static Snapshot resolve(List<Candidate> candidates) {
        return resolve(candidates, null);
    }

    /**
     * Resolves everything after a change; {@code candidates} may be in any order.
     *
     * @param previous the resolution before the change, or {@code null}: its owners keep the
     *                 ids they still declare
     */
    public static Snapshot resolve(List<Candidate> candidates, Snapshot previous) {
        // Sorting first makes every list in the snapshot independent of the caller's order.
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparing((Candidate c) -> c.descriptor().id())
                .thenComparing(c -> c.descriptor().version()));

        Map<String, String> inactive = Dependencies.inactivePlugins(sorted);

        TargetSet<Anchor> anchors = new TargetSet<>(TargetKind.ANCHOR, sorted, inactive,
                previous == null ? Map.of() : previous.owners(TargetKind.ANCHOR),
                c -> c.descriptor().anchors(), Anchor::id, Anchor::version);
        TargetSet<Event> events = new TargetSet<>(TargetKind.EVENT, sorted, inactive,
                previous == null ? Map.of() : previous.owners(TargetKind.EVENT),
                c -> c.descriptor().events(), Event::id, Event::version);

        List<Contribution<Hook>> hookOutcomes = new ArrayList<>();
        for (Candidate c : sorted) {
            List<Hook> declared = c.descriptor().hooks();
            for (int i = 0; i < declared.size(); i++) {
                Hook h = declared.get(i);
                String ref = c.ref() + "/" + h.id();
                List<Dependency> deps = concat(c.descriptor().dependencies(), h.dependencies());
                Outcome outcome = resolveContributor(ref, c, inactive, anchors, sorted,
                        h.anchorId(), h.anchorVersion(), deps);
                hookOutcomes.add(new Contribution<>(c, i, h, h.id(), ref, outcome));
            }
        }
        List<Contribution<Listener>> listenerOutcomes = new ArrayList<>();
        for (Candidate c : sorted) {
            List<Listener> declared = c.descriptor().listeners();
            for (int i = 0; i < declared.size(); i++) {
                Listener l = declared.get(i);
                String ref = c.ref() + "/" + l.id();
                Outcome outcome = resolveContributor(ref, c, inactive, events, sorted,
                        l.eventId(), l.eventVersion(), c.descriptor().dependencies());
                listenerOutcomes.add(new Contribution<>(c, i, l, l.id(), ref, outcome));
            }
        }
        List<Ordered<HookInfo>> hooks = new ArrayList<>();
        for (Contribution<Hook> k : Supersession.apply(hookOutcomes, TargetKind.ANCHOR)) {
            HookInfo info = new HookInfo(k.ref(), k.owner().descriptor().id(), k.owner().descriptor().version(), k.item(),
                    k.outcome().resolution());
            hooks.add(new Ordered<>(info, k.item().order(), k.owner(), k.index(), k.outcome().target()));
        }
        List<Ordered<ListenerInfo>> listeners = new ArrayList<>();
        for (Contribution<Listener> k : Supersession.apply(listenerOutcomes, TargetKind.EVENT)) {
            ListenerInfo info = new ListenerInfo(k.ref(), k.owner().descriptor().id(), k.owner().descriptor().version(), k.item(),
                    k.outcome().resolution());
            listeners.add(new Ordered<>(info, k.item().order(), k.owner(), k.index(), k.outcome().target()));
        }

        return new Snapshot(inactive,
                anchors.infos((t, active, reason) -> new AnchorInfo(t.pluginId(), t.pluginVersion(), t.item(), active, reason)),
                events.infos((t, active, reason) -> new EventInfo(t.pluginId(), t.pluginVersion(), t.item(), active, reason)),
                inOrder(hooks), groupByTarget(hooks), inOrder(listeners), groupByTarget(listeners),
                anchors.activeKeys(), events.activeKeys(), anchors.conflicts(), events.conflicts(),
                anchors.owners(), events.owners());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A contributor's outcome: its resolution and, when resolved, the exact declaration it resolved to. */
    record Outcome(Resolution resolution, TargetKey target) {
        static Outcome unresolved(String reason) {
            return new Outcome(Resolution.unresolved(reason), null);
        }
    }

    private static <T> Outcome resolveContributor(String ref, Candidate owner, Map<String, String> inactive,
                                                  TargetSet<T> targets, List<Candidate> all,
                                                  String targetId, Version wanted, List<Dependency> deps) {
        String contributor = targets.kind.contributor();
        String who = contributor + " " + ref;
        String kind = targets.kind.word();
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
            return Outcome.unresolved(who + ": " + nothingUsable(targets, targetId));
        }

        Predicate<Declared<T>> fits = fits(targets, wanted);
        List<Declared<T>> matching = usable.stream().filter(fits).toList();
        if (matching.isEmpty()) {
            List<Declared<T>> intruders = targets.conflicting(targetId).stream().filter(fits).toList();
            if (!intruders.isEmpty()) {
                // What the author wrote against exists, but belongs to a plugin that may not declare it.
                return Outcome.unresolved(who + ": " + kind + " " + targetId + " is owned by " + targets.owner(targetId) + "; "
                        + intruders.stream().map(t -> t.owner().ref()).distinct().collect(Collectors.joining(", "))
                        + " cannot declare it");
            }
            String loaded = versionsText(usable, targets);
            String target = wanted == null ? "any release version"
                    : wanted.isPreRelease() ? "exactly " + wanted : wanted.minorLine();
            return Outcome.unresolved(who + ": " + kind + " " + targetId + " is loaded only as " + loaded
                    + "; the " + contributor + " targets " + target
                    + (wanted == null ? " (a pre-release matches only a " + contributor + " naming that exact version)" : ""));
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

    /** The version rule of contract section 4 for one wanted version ({@code null}: any release). */
    private static <T> Predicate<Declared<T>> fits(TargetSet<T> targets, Version wanted) {
        if (wanted != null && wanted.isPreRelease()) {
            return t -> targets.version(t).equals(wanted);
        }
        if (wanted != null) {
            return t -> !targets.version(t).isPreRelease() && targets.version(t).sameMinor(wanted);
        }
        return t -> !targets.version(t).isPreRelease();
    }

    /** Why nothing can be resolved to {@code targetId}: undeclared, or its owner is not active. */
    private static <T> String nothingUsable(TargetSet<T> targets, String targetId) {
        String kind = targets.kind.word();
        List<Declared<T>> owned = targets.owned(targetId);
        if (owned.isEmpty()) {
            return kind + " " + targetId + " is not declared by any loaded plugin";
        }
        String owners = owned.stream().map(t -> t.owner().ref() + " (" + targets.inactiveReason(t) + ")")
                .distinct().collect(Collectors.joining(", "));
        if (targets.conflicting(targetId).isEmpty()) {
            return kind + " " + targetId + " is declared only by plugins that are not active: " + owners;
        }
        // Say who owns it, or the author would wonder why the other declaration is not taken.
        return kind + " " + targetId + " is owned by " + targets.owner(targetId) + ", which is not active: " + owners;
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
}
