package io.spirefy.pluginengine.api.spi;

import java.util.Objects;

/**
 * @param source names the manifest in every problem, e.g. {@code plugins/greeter.zip!/plugin.yaml}
 * @param strict unknown keys are errors rather than warnings
 */
public record ManifestContext(String source, boolean strict) {

    public ManifestContext {
        Objects.requireNonNull(source, "source");
    }
}
