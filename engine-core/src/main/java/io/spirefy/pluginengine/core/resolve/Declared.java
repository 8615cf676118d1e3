package io.spirefy.pluginengine.core.resolve;

import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.plugin.Version;

/**
 * A declaration (anchor, hook, event or listener) with its owner and its place in the owner's list.
 *
 * @param owner the declaring plugin
 * @param index declaration order within the owner's list: the last tie-breaker of ordering
 * @param item  the declaration
 */
record Declared<T>(Candidate owner, int index, T item) {

    PluginDescriptor plugin() {
        return owner.descriptor();
    }

    String pluginId() {
        return owner.descriptor().id();
    }

    Version pluginVersion() {
        return owner.descriptor().version();
    }
}
