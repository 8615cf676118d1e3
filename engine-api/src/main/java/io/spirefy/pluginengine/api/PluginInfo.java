package io.spirefy.pluginengine.api;

import io.spirefy.pluginengine.api.plugin.Permission;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;

import java.util.List;

/**
 * A loaded plugin as the engine sees it now.
 *
 * @param descriptor         what its manifest declared
 * @param source             where it was loaded from
 * @param state              its lifecycle state
 * @param failure            why it is FAILED, or why it cannot start (a missing dependency), or {@code null}
 * @param grantedPermissions what the host's {@link PermissionPolicy} granted of what it asked for
 *                           (contract section 9), in the manifest's order
 * @param signature          what its archive's signature proved (contract section 9)
 */
public record PluginInfo(PluginDescriptor descriptor, String source, PluginState state, String failure,
                         List<Permission> grantedPermissions, SignatureInfo signature) {

    /**
     * Copies the granted permissions.
     *
     * @param descriptor         what its manifest declared
     * @param source             where it was loaded from
     * @param state              its lifecycle state
     * @param failure            why it is FAILED, or why it cannot start (a missing dependency), or {@code null}
     * @param grantedPermissions what the host's {@link PermissionPolicy} granted of what it asked for
     *                           (contract section 9), in the manifest's order
     * @param signature          what its archive's signature proved (contract section 9)
     * @throws NullPointerException without a signature ({@link SignatureInfo#UNSIGNED} for none)
     */
    public PluginInfo {
        grantedPermissions = grantedPermissions == null ? List.of() : List.copyOf(grantedPermissions);
        java.util.Objects.requireNonNull(signature, "signature");
    }

    /**
     * A plugin from an unsigned archive, granted nothing beyond the core.
     *
     * @param descriptor what its manifest declared
     * @param source     where it was loaded from
     * @param state      its lifecycle state
     * @param failure    why it is FAILED, or {@code null}
     */
    public PluginInfo(PluginDescriptor descriptor, String source, PluginState state, String failure) {
        this(descriptor, source, state, failure, List.of(), SignatureInfo.UNSIGNED);
    }

    /**
     * The ref that names exactly this plugin in {@link PluginEngine}'s methods.
     *
     * @return {@code id@version}
     */
    public String ref() { return descriptor.ref(); }

    /**
     * The plugin's id, named as in the other {@code *Info} records.
     *
     * @return the manifest's id
     */
    public String pluginId() { return descriptor.id(); }

    /**
     * The plugin's version, named as in the other {@code *Info} records.
     *
     * @return the manifest's version
     */
    public io.spirefy.pluginengine.api.plugin.Version pluginVersion() { return descriptor.version(); }

    /**
     * What its manifest asks for beyond the core, granted or not; compare with {@link #grantedPermissions}.
     *
     * @return the requested permissions, in the manifest's order
     */
    public List<Permission> requestedPermissions() { return descriptor.permissions(); }

}
