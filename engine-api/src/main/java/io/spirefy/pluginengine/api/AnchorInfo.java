package io.spirefy.pluginengine.api;

import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Version;

/**
 * A declared anchor and whether hooks can resolve to it.
 *
 * @param pluginId       the declaring plugin ({@value HostDeclarations#HOST_PLUGIN_ID} for the host)
 * @param pluginVersion  its version
 * @param anchor         the declaration
 * @param active         whether it takes part in resolution
 * @param inactiveReason why not (its plugin is not started, or a conflict naming both plugins), or {@code null}
 */
public record AnchorInfo(String pluginId, Version pluginVersion, Anchor anchor, boolean active, String inactiveReason) {

    /**
     * The declaring plugin's ref, as {@link PluginEngine#plugin(String)} takes it.
     *
     * @return {@code pluginId@pluginVersion}
     */

    public String pluginRef() {
        return pluginId + "@" + pluginVersion;
    }
}
