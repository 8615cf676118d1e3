package io.spirefy.pluginengine.api;

import io.spirefy.pluginengine.api.plugin.Permission;

import java.util.List;
import java.util.Objects;

/**
 * What a host grants (contract section 9). Deny by default: a plugin gets the core (the Extism
 * kernel, the five core host functions, WASI without files, environment or arguments, logging)
 * and, of what its manifest asks for, only what the policy grants. A permission a plugin does not
 * ask for is never granted, whatever the policy says. Asked once per plugin and permission, when
 * the plugin is loaded; it must answer quickly and without side effects.
 */
@FunctionalInterface
public interface PermissionPolicy {

    /**
     * Whether to grant {@code request.permission()} to that plugin.
     *
     * @param request the plugin, the permission it asks for, and where it came from
     * @return {@code true} to grant it
     */
    boolean grants(PermissionRequest request);

    /**
     * Grants nothing beyond the core: the engine's default.
     *
     * @return a policy that refuses every request
     */
    static PermissionPolicy denyAll() {
        return request -> false;
    }

    /**
     * Grants the permissions to plugins whose id matches {@code pluginIdPattern}: an exact id,
     * {@code *} for every plugin, or a prefix ending in {@code .*} ({@code org.example.*} matches
     * {@code org.example.a} and {@code org.example.a.b}, not {@code org.example}).
     *
     * @param pluginIdPattern which plugins, as above
     * @param permissions     what to grant them, when they ask for it
     * @return the policy; combine several with {@link #or}
     */
    static PermissionPolicy grant(String pluginIdPattern, Permission... permissions) {
        Objects.requireNonNull(pluginIdPattern, "pluginIdPattern");
        List<Permission> granted = List.of(permissions);
        String prefix = pluginIdPattern.endsWith(".*") ? pluginIdPattern.substring(0, pluginIdPattern.length() - 1) : null;
        return request -> granted.contains(request.permission())
                && (pluginIdPattern.equals("*") || pluginIdPattern.equals(request.pluginId())
                    || (prefix != null && request.pluginId().startsWith(prefix)));
    }

    /**
     * Grants what this policy or {@code other} grants.
     *
     * @param other another policy
     * @return a policy that asks this one first
     */

    default PermissionPolicy or(PermissionPolicy other) {
        Objects.requireNonNull(other, "other");
        return request -> grants(request) || other.grants(request);
    }
}
