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

    /** Whether to grant {@code request.permission()} to that plugin. */
    boolean grants(PermissionRequest request);

    /** Grants nothing beyond the core: the engine's default. */
    static PermissionPolicy denyAll() {
        return request -> false;
    }

    /**
     * Grants the permissions to plugins whose id matches {@code pluginIdPattern}: an exact id,
     * {@code *} for every plugin, or a prefix ending in {@code .*} ({@code org.example.*} matches
     * {@code org.example.a} and {@code org.example.a.b}, not {@code org.example}).
     */
    static PermissionPolicy grant(String pluginIdPattern, Permission... permissions) {
        Objects.requireNonNull(pluginIdPattern, "pluginIdPattern");
        List<Permission> granted = List.of(permissions);
        String prefix = pluginIdPattern.endsWith(".*") ? pluginIdPattern.substring(0, pluginIdPattern.length() - 1) : null;
        return request -> granted.contains(request.permission())
                && (pluginIdPattern.equals("*") || pluginIdPattern.equals(request.pluginId())
                    || (prefix != null && request.pluginId().startsWith(prefix)));
    }

    /** Grants what this policy or {@code other} grants. */
    default PermissionPolicy or(PermissionPolicy other) {
        Objects.requireNonNull(other, "other");
        return request -> grants(request) || other.grants(request);
    }
}
