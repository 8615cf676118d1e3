package io.spirefy.pluginengine.api;

import io.spirefy.pluginengine.api.plugin.Event;
import io.spirefy.pluginengine.api.plugin.Version;

/**
 * A declared event and whether listeners can resolve to it.
 *
 * @param pluginId       the declaring plugin ({@value HostDeclarations#HOST_PLUGIN_ID} for the host)
 * @param pluginVersion  its version
 * @param event          the declaration
 * @param active         whether it takes part in resolution
 * @param inactiveReason why not, or {@code null}
 */
public record EventInfo(String pluginId, Version pluginVersion, Event event, boolean active, String inactiveReason) {

    /**
     * The declaring plugin's ref, as {@link PluginEngine#plugin(String)} takes it.
     *
     * @return {@code pluginId@pluginVersion}
     */

    public String pluginRef() {
        return pluginId + "@" + pluginVersion;
    }
}
