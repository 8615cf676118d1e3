package io.spirefy.pluginengine.core.fuzz;

import java.util.Random;

/**
 * Where the mutators take their decisions from: a seeded {@link Random} for the bounded run in
 * the default build, or the fuzzer's input for a coverage-guided run, so that both drive the same
 * mutations and a crash found by either replays as a plain test.
 */
interface Choices {

    /** A number in {@code [0, bound)}; {@code bound > 0}. */
    int nextInt(int bound);

    default boolean chance(int oneIn) {
        return nextInt(oneIn) == 0;
    }

    default <T> T pick(T[] options) {
        return options[nextInt(options.length)];
    }

    static Choices of(Random random) {
        return random::nextInt;
    }
}
