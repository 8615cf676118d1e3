package io.spirefy.pluginengine.manifest.yaml;

import io.spirefy.pluginengine.api.ManifestException;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.spi.ManifestContext;
import io.spirefy.pluginengine.api.spi.ManifestFormat;
import io.spirefy.pluginengine.api.spi.ManifestResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code plugin.yaml} / {@code plugin.yml} manifest of contract section 3.
 *
 * <p>Every key is checked by hand rather than bound to classes, so that an author gets every
 * mistake at once, each with its key path and line, and so that unknown keys are seen (warnings,
 * or errors in strict mode) instead of silently dropped. Documents are bounded in size (1 MiB,
 * 64 KiB a line), nesting (64 levels) and values after alias expansion (100,000), so a hostile
 * archive cannot exhaust the host's memory, stack or time through its manifest.
 *
 * <p>Stateless and thread-safe. Found through {@link java.util.ServiceLoader} under the name
 * {@code yaml}.
 */
public final class YamlManifestFormat implements ManifestFormat {

    /** For ServiceLoader. */
    public YamlManifestFormat() {
    }

    @Override
    public String name() {
        return "yaml";
    }

    @Override
    public List<String> fileNames() {
        return List.of("plugin.yaml", "plugin.yml");
    }

    @Override
    public ManifestResult parse(byte[] bytes, ManifestContext context) throws ManifestException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(context, "context");
        List<Problem> errors = new ArrayList<>();
        YamlNode root = new YamlTreeReader(context.source(), errors).read(bytes);
        return new ManifestReader(context, errors).read(root);
    }

    @Override
    public String toString() {
        return "YamlManifestFormat" + fileNames();
    }
}
