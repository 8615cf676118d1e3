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
 * @param signature     what the signature of the plugin's archive proved, so that a policy can
 *                      grant by publisher ({@link PermissionPolicy#grantSigned}); only a
 *                      {@linkplain SignatureInfo#verified() verified} signature proves anything
 */
public record PermissionRequest(String pluginId, Version pluginVersion, Permission permission, SignatureInfo signature) {

    /**
     * Checks that the request is complete, so that a policy need not.
     *
     * @param pluginId      the plugin's id
     * @param pluginVersion its version
     * @param permission    what its manifest asks for
     * @param signature     what its archive's signature proved
     * @throws NullPointerException when a component is {@code null}
     */
    public PermissionRequest {
        Objects.requireNonNull(pluginId, "pluginId");
        Objects.requireNonNull(pluginVersion, "pluginVersion");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(signature, "signature");
    }

    /**
     * A request from a plugin of an unsigned archive.
     *
     * @param pluginId      the plugin's id
     * @param pluginVersion its version
     * @param permission    what its manifest asks for
     */
    public PermissionRequest(String pluginId, Version pluginVersion, Permission permission) {
        this(pluginId, pluginVersion, permission, SignatureInfo.UNSIGNED);
    }

    /**
     * Whether the plugin's archive was signed by the key {@code keyId} ({@link TrustStore#keyId})
     * and that signature checked out with a trusted key over every file as it was read.
     * A signature that names the key but was not checked proves nothing: false.
     *
     * @param keyId a publisher key id
     * @return {@code true} only for a verified signature by that key
     */
    public boolean verifiedPublisher(String keyId) {
        return signature.verified() && signature.publisher().equals(keyId);
    }
}
