package io.spirefy.pluginengine.api;

import io.spirefy.pluginengine.api.plugin.Permission;
import io.spirefy.pluginengine.api.plugin.Version;

import java.util.Objects;

/**
 * One permission one plugin asks for, as a {@link PermissionPolicy} is asked to decide it.
 *
 * @param pluginId      the plugin's id
 * @param pluginVersion its version
 * @param permission    what its manifest asks for
 */
public record PermissionRequest(String pluginId, Version pluginVersion, Permission permission) {

    /**
     * Checks that the request is complete, so that a policy need not.
     *
     * @param pluginId      the plugin's id
     * @param pluginVersion its version
     * @param permission    what its manifest asks for
     * @throws NullPointerException when a component is {@code null}
     */
    public PermissionRequest {

        Objects.requireNonNull(pluginId, "pluginId");
        Objects.requireNonNull(pluginVersion, "pluginVersion");
        Objects.requireNonNull(permission, "permission");
    }
}
