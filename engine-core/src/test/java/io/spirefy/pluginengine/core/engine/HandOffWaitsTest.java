package io.spirefy.pluginengine.core.engine;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** When hand-off waits yield and when they park: driven by a clock the test moves, not by the machine. */
class HandOffWaitsTest {

    private static final long QUICK = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long LOST = TimeUnit.MILLISECONDS.toNanos(3);

    /** A clock that each yield moves on by what the test says the yield took. */
    private long now = 1_000_000_000L;
    private long nextYieldTakes = QUICK;
    private int yields;
    private final HandOffWaits waits = new HandOffWaits(() -> now, () -> {
        yields++;
        now += nextYieldTakes;
    }, 2);

    {
        // The test is one wait, yielding: it holds its core as a wait does (FreshStacks).
        waits.claimCore();
    }

    private boolean turn(long takes) {
        nextYieldTakes = takes;
        return waits.yieldTurn();
    }

    @Test
    void quickYieldsKeepAWaitYielding() {
        for (int i = 0; i < 1000; i++) assertThat(turn(QUICK)).isTrue();
        assertThat(yields).isEqualTo(1000);
        assertThat(waits.parking()).isFalse();
    }

    @Test
    void aLostTurnEndsItsOwnWaitsYieldingOnly() {
        assertThat(turn(LOST)).as("the wait that lost its turn parks").isFalse();
        assertThat(waits.parking()).isFalse();
        assertThat(turn(QUICK)).as("the next wait yields again").isTrue();
    }

    @Test
    void lostTurnsSpreadAmongQuickYieldsNeverMakeWaitsPark() {
        // The JIT compiler threads on a quiet machine: a lost turn now and then among many quick yields.
        for (int round = 0; round < 100; round++) {
            assertThat(turn(LOST)).isFalse();
            for (int i = 0; i < 20; i++) assertThat(turn(QUICK)).isTrue();
            assertThat(waits.parking()).as("round %d", round).isFalse();
        }
    }

    @Test
    void twoLostTurnsTogetherAreNotYetContention() {
        // A safepoint stops both sides of a hand-off at once: two lost turns, then quick yields.
        turn(LOST);
        turn(LOST);
        assertThat(waits.parking()).isFalse();
        assertThat(turn(QUICK)).isTrue();
    }

    @Test
    void threeLostTurnsInARowMakeEveryWaitParkWithoutYieldingForTheHold() {
        turn(LOST);
        turn(LOST);
        turn(LOST);
        assertThat(waits.parking()).isTrue();
        int before = yields;
        assertThat(turn(QUICK)).isFalse();
        assertThat(yields).as("a wait that parks at once does not yield first").isEqualTo(before);

        now += HandOffWaits.MIN_HOLD_NANOS - TimeUnit.MICROSECONDS.toNanos(1);
        assertThat(waits.parking()).isTrue();
        now += TimeUnit.MICROSECONDS.toNanos(2);
        assertThat(waits.parking()).isFalse();
        assertThat(turn(QUICK)).as("yields again once the hold is over").isTrue();
    }

    @Test
    void turnsLostWhileTheEnginesOwnThreadsFillTheCoresAreNotContention() {
        // More host threads calling than cores: the turn goes to another of the engine's threads,
        // which yields it back; parking then would only add wake-ups.
        waits.claimCore();
        waits.claimCore();
        for (int i = 0; i < 10; i++) assertThat(turn(LOST)).as("turn %d", i).isTrue();
        assertThat(waits.parking()).isFalse();
        waits.releaseCore();
        turn(LOST);
        turn(LOST);
        turn(LOST);
        assertThat(waits.parking()).as("one call running on two cores leaves a core that another thread took").isTrue();
        waits.releaseCore();
    }

    @Test
    void contentionFoundAgainRightAfterAHoldDoublesTheNextUpToTheMaximum() {
        long expected = HandOffWaits.MIN_HOLD_NANOS;
        for (int round = 0; round < 12; round++) {
            turn(LOST);
            turn(LOST);
            turn(LOST);
            assertThat(waits.parking()).isTrue();
            // Still parking just before the hold ends, and no longer just after.
            long start = now;
            now = start + expected - 1;
            assertThat(waits.parking()).as("round %d, hold %d ns", round, expected).isTrue();
            now = start + expected;
            assertThat(waits.parking()).as("round %d", round).isFalse();
            expected = Math.min(2 * expected, HandOffWaits.MAX_HOLD_NANOS);
        }
        assertThat(expected).isEqualTo(HandOffWaits.MAX_HOLD_NANOS);
    }

    @Test
    void contentionFoundLongAfterTheLastHoldStartsAgainFromTheShortestHold() {
        for (int round = 0; round < 3; round++) {
            turn(LOST);
            turn(LOST);
            turn(LOST);
        }
        // Well past the last hold and twice its length: the load went away in between.
        now += 10 * HandOffWaits.MAX_HOLD_NANOS;
        for (int i = 0; i < 100; i++) turn(QUICK);
        turn(LOST);
        turn(LOST);
        turn(LOST);
        long start = now;
        now = start + HandOffWaits.MIN_HOLD_NANOS - 1;
        assertThat(waits.parking()).isTrue();
        now = start + HandOffWaits.MIN_HOLD_NANOS;
        assertThat(waits.parking()).isFalse();
    }
}
