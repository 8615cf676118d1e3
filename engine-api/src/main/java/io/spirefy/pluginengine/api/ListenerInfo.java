package io.spirefy.pluginengine.api;

import io.spirefy.pluginengine.api.plugin.Listener;
import io.spirefy.pluginengine.api.plugin.Version;

/**
 * A declared listener and where it resolved.
 *
 * @param ref           {@code pluginId@version/listenerId}
 * @param pluginId      the declaring plugin's id ({@value HostDeclarations#HOST_PLUGIN_ID} for Java listeners)
 * @param pluginVersion the declaring plugin's version
 * @param listener      the declaration
 * @param resolution    the event version it resolved to, or why not
 */
public record ListenerInfo(String ref, String pluginId, Version pluginVersion, Listener listener, Resolution resolution) {

    /**
     * Whether it resolved, and so is called.
     *
     * @return {@code resolution().resolved()}
     */
    public boolean resolved() { return resolution.resolved(); }

}
