package io.spirefy.pluginengine.api;

import io.spirefy.pluginengine.api.plugin.Event;

/**
 * A declared event and whether listeners can resolve to it.
 *
 * @param plugin         {@code id@version} of the declaring plugin
 * @param event          the declaration
 * @param active         whether it takes part in resolution
 * @param inactiveReason why not, or {@code null}
 */
public record EventInfo(String plugin, Event event, boolean active, String inactiveReason) {
}
