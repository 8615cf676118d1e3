package io.spirefy.pluginengine.api.spi;

import java.util.Objects;

/**
 * What a {@link ManifestFormat} needs to know besides the manifest's bytes.
 *
 * @param source names the manifest in every problem, e.g. {@code plugins/greeter.zip!/plugin.yaml}
 * @param strict unknown keys are errors rather than warnings
 */
public record ManifestContext(String source, boolean strict) {

    /**
     * Checks that the manifest is named.
     *
     * @param source names the manifest in every problem, e.g. {@code plugins/greeter.zip!/plugin.yaml}
     * @param strict unknown keys are errors rather than warnings
     * @throws NullPointerException without a source
     */
    public ManifestContext {

        Objects.requireNonNull(source, "source");
    }
}
