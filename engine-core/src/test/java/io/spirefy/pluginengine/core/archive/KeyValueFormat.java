package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ManifestException;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.api.spi.ManifestContext;
import io.spirefy.pluginengine.api.spi.ManifestFormat;
import io.spirefy.pluginengine.api.spi.ManifestResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test-only manifest format: {@code key: value} lines for id, version, wasm and sha256. Keeps the
 * archive tests independent of the real YAML format; unknown keys are warnings (errors when strict),
 * a missing id or version is an error, like the real one.
 */
final class KeyValueFormat implements ManifestFormat {

    @Override
    public String name() {
        return "key-value";
    }

    @Override
    public List<String> fileNames() {
        return List.of("plugin.yaml", "plugin.yml");
    }

    @Override
    public ManifestResult parse(byte[] bytes, ManifestContext context) {
        Map<String, String> values = new HashMap<>();
        List<Problem> warnings = new ArrayList<>();
        List<Problem> errors = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) continue;
            int colon = line.indexOf(':');
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (List.of("id", "version", "wasm", "sha256").contains(key)) {
                values.put(key, value);
            } else if (context.strict()) {
                errors.add(Problem.error(context.source(), key, "unknown key"));
            } else {
                warnings.add(Problem.warning(context.source(), key, "unknown key"));
            }
        }
        for (String required : List.of("id", "version")) {
            if (!values.containsKey(required)) {
                errors.add(Problem.error(context.source(), required, "required key is missing"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ManifestException(errors);
        }
        PluginDescriptor descriptor = new PluginDescriptor(values.get("id"), null, Version.parse(values.get("version")),
                null, values.get("wasm"), values.get("sha256"), false, null, null, null, null, null);
        return new ManifestResult(descriptor, warnings);
    }
}
