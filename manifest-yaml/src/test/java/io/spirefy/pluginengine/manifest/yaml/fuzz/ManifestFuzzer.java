package io.spirefy.pluginengine.manifest.yaml.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the plugin.yaml parser with Jazzer; not in the default build (see
 * the {@code fuzz} profile of this module and docs/SECURITY.md). One target per run:
 *
 * <pre>
 *   ./mvnw -pl manifest-yaml -am -Pfuzz verify -Dtest=ManifestFuzzer#mutatedManifest
 *   ./mvnw -pl manifest-yaml -am -Pfuzz verify -Dtest=ManifestFuzzer#rawManifest
 * </pre>
 */
class ManifestFuzzer {

    private final ManifestOracle oracle = new ManifestOracle();

    @FuzzTest(maxDuration = "2m")
    void mutatedManifest(FuzzedDataProvider data) {
        boolean strict = data.consumeBoolean();
        oracle.check(new ManifestMutator(bound -> data.consumeInt(0, bound - 1)).next(), strict);
    }

    @FuzzTest(maxDuration = "2m")
    void rawManifest(byte[] data) {
        oracle.check(data, false);
    }
}
