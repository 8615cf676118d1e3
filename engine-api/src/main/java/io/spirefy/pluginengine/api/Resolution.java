package io.spirefy.pluginengine.api;

import io.spirefy.pluginengine.api.plugin.Version;

import java.util.Objects;

/**
 * The outcome of resolving a hook to an anchor, or a listener to an event (contract section 4).
 *
 * @param targetVersion the anchor or event version it resolved to, or {@code null} when unresolved
 * @param targetPlugin  {@code id@version} of the plugin declaring that anchor or event, or {@code null}
 * @param reason        why it is unresolved, in words a plugin author can act on, or {@code null}
 */
public record Resolution(Version targetVersion, String targetPlugin, String reason) {

    /**
     * Checks that a resolution is either resolved or says why not.
     *
     * @param targetVersion the anchor or event version it resolved to, or {@code null} when unresolved
     * @param targetPlugin  {@code id@version} of the plugin declaring that anchor or event, or {@code null}
     * @param reason        why it is unresolved, in words a plugin author can act on, or {@code null}
     * @throws IllegalArgumentException when it has both a target version and a reason, or neither
     */
    public Resolution {
        if ((targetVersion == null) == (reason == null)) {
            throw new IllegalArgumentException("a resolution has either a target version or a reason");
        }
    }

    /**
     * A hook or listener resolved to a declaration.
     *
     * @param targetVersion the anchor or event version it resolved to
     * @param targetPlugin  {@code id@version} of the plugin declaring it
     * @return the resolution
     */
    public static Resolution resolved(Version targetVersion, String targetPlugin) {
        return new Resolution(Objects.requireNonNull(targetVersion), targetPlugin, null);
    }

    /**
     * A hook or listener that resolved to nothing.
     *
     * @param reason why, in words a plugin author can act on
     * @return the resolution
     */
    public static Resolution unresolved(String reason) {
        return new Resolution(null, null, Objects.requireNonNull(reason));
    }

    /**
     * Whether it resolved.
     *
     * @return {@code true} when there is a target version
     */
    public boolean resolved() { return targetVersion != null; }

}
