package io.spirefy.pluginengine.core.resolve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upgrades by loading (contract section 4): among the loaded versions of one plugin, a hook with
 * one id resolved to one anchor version is kept only in the highest plugin version; the others are
 * unresolved, {@code superseded by <ref>}. Listeners likewise. Only resolved contributions
 * compete, so a newer version that cannot resolve (failed, waiting for a dependency, targeting
 * another minor) leaves the older one serving instead of leaving nothing.
 */
final class Supersession {

    private Supersession() {
    }

    /** What competes: one plugin id, one hook (or listener) id, one anchor (or event) id and version. */
    private record Slot(String pluginId, String id, String targetId, io.spirefy.pluginengine.api.plugin.Version targetVersion) {
    }

    static <T> List<Contribution<T>> apply(List<Contribution<T>> all, TargetKind kind) {
        Map<Slot, Contribution<T>> newest = new HashMap<>();
        for (Contribution<T> c : all) {
            Slot slot = slot(c);
            if (slot == null) continue;
            newest.merge(slot, c, (a, b) ->
                    a.owner().descriptor().version().compareTo(b.owner().descriptor().version()) >= 0 ? a : b);
        }
        List<Contribution<T>> out = new ArrayList<>(all.size());
        for (Contribution<T> c : all) {
            Slot slot = slot(c);
            Contribution<T> winner = slot == null ? c : newest.get(slot);
            out.add(winner == c ? c : c.with(Resolver.Outcome.unresolved(
                    kind.contributor() + " " + c.ref() + ": superseded by " + winner.ref())));
        }
        return out;
    }

    private static Slot slot(Contribution<?> c) {
        TargetKey target = c.outcome().target();
        if (target == null) return null;
        return new Slot(c.owner().descriptor().id(), c.id(), target.id(), target.version());
    }
}
