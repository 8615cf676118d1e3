package io.spirefy.pluginengine.manifest.yaml.fuzz;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded fuzz run of every build: seeded mutations of valid manifests, checked by
 * {@link ManifestOracle}, lenient and strict. Deterministic, about a second. A longer run:
 * {@code -Dpluginengine.fuzz.iterations=200000 -Dpluginengine.fuzz.seed=N}; the coverage-guided
 * one is {@link ManifestFuzzer}.
 */
class ManifestMutationTest {

    static final int ITERATIONS = Integer.getInteger("pluginengine.fuzz.iterations", 1000);
    static final long SEED = Long.getLong("pluginengine.fuzz.seed", 20261108L);

    @Test
    void seedsAreValidManifests() {
        ManifestOracle oracle = new ManifestOracle();
        for (String seed : ManifestMutator.SEEDS) {
            assertThat(oracle.check(seed.getBytes(StandardCharsets.UTF_8), false)).as(seed).isNotNull();
        }
    }

    @Test
    void mutatedManifestsParseOrFailWithManifestException() {
        ManifestOracle oracle = new ManifestOracle();
        Random random = new Random(SEED);
        ManifestMutator mutator = new ManifestMutator(random::nextInt);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] yaml = mutator.next();
            if (oracle.check(yaml, i % 2 == 0) == null) rejected++;
            else accepted++;
        }
        assertThat(accepted).as("manifests that survived mutation").isPositive();
        assertThat(rejected).as("manifests that mutation broke").isPositive();
    }

    @Test
    void randomBytesAreRejected() {
        ManifestOracle oracle = new ManifestOracle();
        Random random = new Random(SEED);
        for (int i = 0; i < ITERATIONS / 10; i++) {
            byte[] garbage = new byte[random.nextInt(512)];
            random.nextBytes(garbage);
            oracle.check(garbage, false);
        }
    }
}
