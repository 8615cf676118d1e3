package io.spirefy.pluginengine.api.plugin;

import java.util.Objects;
import java.util.Optional;

/**
 * A need for another plugin, optionally bounded: {@code minVersion} inclusive, {@code maxVersion}
 * exclusive.
 *
 * @param pluginId   the id of the plugin needed
 * @param minVersion the lowest acceptable version, inclusive, or {@code null} for no bound
 * @param maxVersion the first version no longer acceptable, or {@code null} for no bound
 */
public record Dependency(String pluginId, Version minVersion, Version maxVersion) {

    /**
     * Checks the range, so that an empty one fails when the manifest is read.
     *
     * @param pluginId   the id of the plugin needed
     * @param minVersion the lowest acceptable version, inclusive, or {@code null} for no bound
     * @param maxVersion the first version no longer acceptable, or {@code null} for no bound
     * @throws NullPointerException     without a plugin id
     * @throws IllegalArgumentException when {@code minVersion} is not below {@code maxVersion}
     */
    public Dependency {
        Objects.requireNonNull(pluginId, "pluginId");
        if (minVersion != null && maxVersion != null && minVersion.compareTo(maxVersion) >= 0) {
            throw new IllegalArgumentException("dependency on " + pluginId + ": minVersion " + minVersion
                    + " must be lower than maxVersion " + maxVersion);
        }
    }

    /**
     * A dependency on any version of {@code pluginId}.
     *
     * @param pluginId the id of the plugin needed
     * @return the dependency, unbounded
     */
    public static Dependency on(String pluginId) {
        return new Dependency(pluginId, null, null);
    }

    /**
     * The lower bound, inclusive.
     *
     * @return {@link #minVersion}, or empty when there is none
     */
    public Optional<Version> min() { return Optional.ofNullable(minVersion); }

    /**
     * The upper bound, exclusive.
     *
     * @return {@link #maxVersion}, or empty when there is none
     */
    public Optional<Version> max() { return Optional.ofNullable(maxVersion); }

    /**
     * Whether {@code version} lies in {@code [minVersion, maxVersion)}.
     *
     * @param version a version of the plugin needed
     * @return {@code true} when it satisfies this dependency
     */
    public boolean accepts(Version version) {
        return (minVersion == null || version.compareTo(minVersion) >= 0)
                && (maxVersion == null || version.compareTo(maxVersion) < 0);
    }

    /**
     * The range in words, as resolution reasons and problems show it.
     *
     * @return e.g. {@code >=1.0.0 <2.0.0}, or {@code any version}
     */

    public String rangeText() {
        if (minVersion == null && maxVersion == null) return "any version";
        StringBuilder sb = new StringBuilder();
        if (minVersion != null) sb.append(">=").append(minVersion);
        if (maxVersion != null) sb.append(sb.length() > 0 ? " " : "").append('<').append(maxVersion);
        return sb.toString();
    }

    @Override
    public String toString() {
        return pluginId + " " + rangeText();
    }
}
