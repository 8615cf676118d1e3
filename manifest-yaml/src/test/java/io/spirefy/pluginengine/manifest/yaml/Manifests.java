package io.spirefy.pluginengine.manifest.yaml;

import io.spirefy.pluginengine.api.ManifestException;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.spi.ManifestContext;
import io.spirefy.pluginengine.api.spi.ManifestResult;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parses manifests given as text through the real provider, as the engine would. */
final class Manifests {

    static final String SOURCE = "plugins/greeter.zip!/plugin.yaml";

    private Manifests() {
    }

    static ManifestResult parse(String yaml) {
        return parse(yaml, false);
    }

    static ManifestResult parse(String yaml, boolean strict) {
        return new YamlManifestFormat().parse(yaml.getBytes(StandardCharsets.UTF_8), new ManifestContext(SOURCE, strict));
    }

    /** The problems of a manifest that must fail. */
    static List<Problem> errors(String yaml) {
        return errors(yaml, false);
    }

    static List<Problem> errors(String yaml, boolean strict) {
        return errors(yaml.getBytes(StandardCharsets.UTF_8), strict);
    }

    static List<Problem> errors(byte[] yaml, boolean strict) {
        ManifestException[] thrown = new ManifestException[1];
        assertThatThrownBy(() -> new YamlManifestFormat().parse(yaml, new ManifestContext(SOURCE, strict)))
                .isInstanceOfSatisfying(ManifestException.class, e -> thrown[0] = e);
        return thrown[0].problems();
    }

    /** A minimal valid manifest followed by {@code more} (top-level YAML). */
    static String minimal(String more) {
        return "id: org.example.greeter\nversion: 1.2.3\n" + more;
    }
}
