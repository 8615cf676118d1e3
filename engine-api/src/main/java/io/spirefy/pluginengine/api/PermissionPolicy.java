package io.spirefy.pluginengine.api;

import io.spirefy.pluginengine.api.plugin.Permission;

import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * What a host grants (contract section 9). Deny by default: a plugin gets the core (the Extism
 * kernel, the five core host functions, WASI without files, environment or arguments, logging)
 * and, of what its manifest asks for, only what the policy grants. A permission a plugin does not
 * ask for is never granted, whatever the policy says. Asked once per plugin and permission, when
 * the plugin is loaded; it must answer quickly and without side effects.
 *
 * <p>Plugin id patterns, in {@link #grant} and {@link #grantSigned}: an exact id, {@code *} for
 * every plugin, or a prefix ending in {@code .*} ({@code org.example.*} matches {@code org.example.a}
 * and {@code org.example.a.b}, not {@code org.example}).
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
     * Grants the permissions to plugins whose id matches {@code pluginIdPattern} (see the class
     * comment), signed or not.
     *
     * @param pluginIdPattern which plugins: an exact id, {@code *}, or a prefix ending in {@code .*}
     * @param permissions     what to grant them, when they ask for it
     * @return the policy; combine several with {@link #or}
     */
    static PermissionPolicy grant(String pluginIdPattern, Permission... permissions) {
        Objects.requireNonNull(pluginIdPattern, "pluginIdPattern");
        List<Permission> granted = List.of(permissions);
        return request -> granted.contains(request.permission()) && matchesId(pluginIdPattern, request.pluginId());
    }

    /**
     * Grants the permissions to plugins whose id matches {@code pluginIdPattern} only when their
     * archive's signature was verified with the publisher key {@code publisherKeyId}
     * ({@link TrustStore#keyId}). That key must be in the engine's {@linkplain PluginEngine.Builder#trust
     * trust store}, or no signature is ever verified with it. The same archive unsigned, signed by
     * another key, or signed by this key but not verifiable gets none of them. The id pattern still
     * applies: {@code *} grants to whatever that publisher signs.
     *
     * @param publisherKeyId  the publisher's key id, as {@link TrustStore#keyId} gives it
     * @param pluginIdPattern which plugins: an exact id, {@code *}, or a prefix ending in {@code .*}
     * @param permissions     what to grant them, when they ask for it
     * @return the policy; combine several with {@link #or}
     */
    static PermissionPolicy grantSigned(String publisherKeyId, String pluginIdPattern, Permission... permissions) {
        Objects.requireNonNull(publisherKeyId, "publisherKeyId");
        PermissionPolicy byId = grant(pluginIdPattern, permissions);
        return request -> request.verifiedPublisher(publisherKeyId) && byId.grants(request);
    }

    /**
     * {@link #grantSigned(String, String, Permission...)} with the publisher's public key.
     *
     * @param publisher       the publisher's Ed25519 public key
     * @param pluginIdPattern which plugins: an exact id, {@code *}, or a prefix ending in {@code .*}
     * @param permissions     what to grant them, when they ask for it
     * @return the policy; combine several with {@link #or}
     */
    static PermissionPolicy grantSigned(PublicKey publisher, String pluginIdPattern, Permission... permissions) {
        return grantSigned(TrustStore.keyId(publisher), pluginIdPattern, permissions);
    }

    /**
     * Whether {@code pluginId} matches {@code pattern} as the class comment says.
     *
     * @param pattern  an exact id, {@code *}, or a prefix ending in {@code .*}
     * @param pluginId the plugin's id
     * @return {@code true} when it matches
     */
    static boolean matchesId(String pattern, String pluginId) {
        if (pattern.equals("*") || pattern.equals(pluginId)) return true;
        return pattern.endsWith(".*") && pluginId.startsWith(pattern.substring(0, pattern.length() - 1));
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
