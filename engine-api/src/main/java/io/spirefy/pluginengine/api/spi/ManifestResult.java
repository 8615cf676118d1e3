package io.spirefy.pluginengine.api.spi;

import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link ManifestFormat} made of a manifest it could read.
 *
 * @param descriptor the plugin the manifest describes
 * @param warnings   what was accepted but is worth telling the author (unknown keys)
 */
public record ManifestResult(PluginDescriptor descriptor, List<Problem> warnings) {

    /**
     * Checks the descriptor and copies the warnings.
     *
     * @param descriptor the plugin the manifest describes
     * @param warnings   what was accepted but is worth telling the author (unknown keys)
     * @throws NullPointerException without a descriptor or a warning list
     */
    public ManifestResult {

        Objects.requireNonNull(descriptor, "descriptor");
        warnings = List.copyOf(warnings);
    }
}
