package io.spirefy.pluginengine.core.resolve;

/**
 * A hook or listener with its outcome, before the outcome becomes public info: supersession
 * (contract section 4, "Upgrades") can only be decided once every version's outcome is known.
 *
 * @param owner   the declaring plugin
 * @param index   declaration order within the owner's list
 * @param item    the hook or listener
 * @param id      its id, the same across versions of its plugin
 * @param ref     {@code pluginId@version/id}
 * @param outcome its resolution and target
 */
record Contribution<T>(Candidate owner, int index, T item, String id, String ref, Resolver.Outcome outcome) {

    Contribution<T> with(Resolver.Outcome changed) {
        return new Contribution<>(owner, index, item, id, ref, changed);
    }
}
