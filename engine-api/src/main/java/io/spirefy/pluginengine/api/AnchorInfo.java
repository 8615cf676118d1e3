package io.spirefy.pluginengine.api;

import io.spirefy.pluginengine.api.plugin.Anchor;

/**
 * A declared anchor and whether hooks can resolve to it.
 *
 * @param plugin   {@code id@version} of the declaring plugin ({@value HostDeclarations#HOST_PLUGIN_ID}@... for the host)
 * @param anchor   the declaration
 * @param active   whether it takes part in resolution
 * @param inactiveReason why not (its plugin is not started, or a conflict naming both plugins), or {@code null}
 */
public record AnchorInfo(String plugin, Anchor anchor, boolean active, String inactiveReason) {
}
