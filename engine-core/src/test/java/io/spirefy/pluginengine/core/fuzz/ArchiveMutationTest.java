package io.spirefy.pluginengine.core.fuzz;

import io.spirefy.pluginengine.api.ArchiveLimits;
import io.spirefy.pluginengine.core.archive.SourceLoader;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded fuzz run of every build: seeded mutations of valid zip and tar.gz plugins (see
 * {@link ArchiveMutator}) checked by {@link ArchiveOracle}. Deterministic, a second or two.
 * A longer run: {@code -Dpluginengine.fuzz.iterations=200000} (and {@code -Dpluginengine.fuzz.seed=N}
 * for other inputs); the coverage-guided run is {@link ArchiveFuzzer}.
 */
class ArchiveMutationTest {

    static final int ITERATIONS = Integer.getInteger("pluginengine.fuzz.iterations", 2000);
    static final long SEED = Long.getLong("pluginengine.fuzz.seed", 20261108L);

    @Test
    void unmutatedSeedsLoad() {
        ArchiveOracle oracle = new ArchiveOracle();
        for (String folder : new String[] {"", "root/"}) {
            assertThat(oracle.check("seed.zip", Seeds.zip(Seeds.plugin(folder), false)).plugins()).hasSize(1);
            assertThat(oracle.check("seed.zip", Seeds.zip(Seeds.plugin(folder), true)).plugins()).hasSize(1);
            assertThat(oracle.check("seed.tar.gz", Seeds.gzip(Seeds.tar(Seeds.plugin(folder)))).plugins()).hasSize(1);
        }
    }

    @Test
    void mutatedArchivesAreLoadedOrRejectedNeverCrash() {
        ArchiveOracle oracle = new ArchiveOracle();
        ArchiveMutator mutator = new ArchiveMutator(Choices.of(new Random(SEED)));
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (int i = 0; i < ITERATIONS; i++) {
            ArchiveMutator.Sample s = mutator.next();
            SourceLoader.Loaded loaded = oracle.check(s.name(), s.bytes());
            outcomes.merge(loaded.plugins().isEmpty() ? Outcome.REJECTED : Outcome.LOADED, 1, Integer::sum);
        }
        // Both outcomes occur: the mutations neither destroy every archive nor leave them all intact.
        assertThat(outcomes).containsKeys(Outcome.LOADED, Outcome.REJECTED);
    }

    @Test
    void rawGarbageWithArchiveNamesIsRejected() {
        ArchiveOracle oracle = new ArchiveOracle(ArchiveLimits.DEFAULTS);
        Random random = new Random(SEED);
        for (int i = 0; i < ITERATIONS / 10; i++) {
            byte[] garbage = new byte[random.nextInt(2048)];
            random.nextBytes(garbage);
            assertThat(oracle.check("g.zip", garbage).plugins()).isEmpty();
            assertThat(oracle.check("g.tgz", Seeds.gzip(garbage)).plugins()).isEmpty();
        }
    }

    private enum Outcome { LOADED, REJECTED }
}
