package io.spirefy.pluginengine.api.spi;

import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;

import java.util.List;
import java.util.Objects;

/**
 * @param descriptor the plugin the manifest describes
 * @param warnings   what was accepted but is worth telling the author (unknown keys)
 */
public record ManifestResult(PluginDescriptor descriptor, List<Problem> warnings) {

    public ManifestResult {
        Objects.requireNonNull(descriptor, "descriptor");
        warnings = List.copyOf(warnings);
    }
}
