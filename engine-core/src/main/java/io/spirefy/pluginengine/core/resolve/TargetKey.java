package io.spirefy.pluginengine.core.resolve;

import io.spirefy.pluginengine.api.plugin.Version;

/**
 * One declaration of an anchor or event: two versions of one plugin may declare the same id side
 * by side, so the owner is part of the key.
 *
 * @param id      the anchor or event id
 * @param version its declared version
 * @param owner   {@code id@version} of the declaring plugin
 */
public record TargetKey(String id, Version version, String owner) {
}
