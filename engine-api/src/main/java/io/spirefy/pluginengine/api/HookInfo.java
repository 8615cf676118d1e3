package io.spirefy.pluginengine.api;

import io.spirefy.pluginengine.api.plugin.Hook;
import io.spirefy.pluginengine.api.plugin.Version;

/**
 * A declared hook and where it resolved.
 *
 * @param ref           {@code pluginId@version/hookId}
 * @param pluginId      the declaring plugin's id
 * @param pluginVersion the declaring plugin's version
 * @param hook          the declaration
 * @param resolution    the anchor version it resolved to, or why not
 */
public record HookInfo(String ref, String pluginId, Version pluginVersion, Hook hook, Resolution resolution) {

    /**
     * Whether it resolved, and so is called.
     *
     * @return {@code resolution().resolved()}
     */
    public boolean resolved() { return resolution.resolved(); }

}
