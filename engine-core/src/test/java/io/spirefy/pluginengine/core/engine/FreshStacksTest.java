package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.PluginCallException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Nested calls run on engine threads with a fresh stack: results, failures, reuse, the bound. */
class FreshStacksTest {

    private final FreshStacks stacks = new FreshStacks(2);

    @AfterEach
    void close() {
        stacks.close();
    }

    @Test
    void aCallRunsOnAFreshStackDeeperThanTheCallersCouldHold() throws InterruptedException {
        // The caller has 256 KiB of stack, already mostly used up; the call recurses deeper than
        // the caller's whole stack would allow, and completes.
        int[] depth = new int[1];
        Throwable[] failure = new Throwable[1];
        Thread caller = new Thread(null, () -> {
            try {
                depth[0] = nearlyExhaust(() -> stacks.run(() -> recurse(20_000), "test", "deep"));
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "small-stack caller", 256 * 1024);
        caller.start();
        caller.join();
        assertThat(failure[0]).isNull();
        assertThat(depth[0]).isEqualTo(20_000);
    }

    /** Recurses until the stack is nearly gone, then runs {@code atTheBottom} there. */
    private static int nearlyExhaust(java.util.function.IntSupplier atTheBottom) {
        try {
            return down(atTheBottom, 0);
        } catch (StackOverflowError e) {
            throw new AssertionError("the caller's own stack overflowed before the hand-off", e);
        }
    }

    private static int down(java.util.function.IntSupplier atTheBottom, int level) {
        if (level >= 1_500) return atTheBottom.getAsInt();
        return down(atTheBottom, level + 1);
    }

    private static int recurse(int n) {
        return n == 0 ? 0 : 1 + recurse(n - 1);
    }

    @Test
    void exceptionsAndErrorsReachTheCallerAsThemselves() {
        assertThatThrownBy(() -> stacks.run(() -> {
            throw new IllegalStateException("from the callee");
        }, "test", "f")).isInstanceOf(IllegalStateException.class).hasMessage("from the callee");
        assertThatThrownBy(() -> stacks.run(() -> {
            throw new OutOfMemoryError("simulated");
        }, "test", "f")).isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void sequentialCallsReuseOneWorker() {
        String first = stacks.run(() -> Thread.currentThread().getName(), "test", "f");
        String second = stacks.run(() -> Thread.currentThread().getName(), "test", "f");
        assertThat(first).startsWith("pluginengine-call-").isEqualTo(second)
                .isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void whileTheCoresAreContendedBothSidesParkAtOnceAndEveryAnswerStillArrives() {
        // Every yield loses its turn: after three, every wait parks without yielding (HandOffWaits),
        // so each hand-off below wakes a parked worker and each answer a parked caller.
        long[] now = {0};
        HandOffWaits contended = new HandOffWaits(() -> now[0], () -> now[0] += TimeUnit.MILLISECONDS.toNanos(5), 2);
        for (int i = 0; i < 3; i++) contended.yieldTurn();
        assertThat(contended.parking()).isTrue();
        try (FreshStacks parking = new FreshStacks(2, contended)) {
            java.util.Set<String> workers = new java.util.HashSet<>();
            for (int i = 0; i < 2_000; i++) {
                int n = i;
                assertThat(parking.run(() -> n + 1, "test", "f")).isEqualTo(n + 1);
                assertThat(parking.runOr(() -> -n, () -> { throw new AssertionError("no worker for call " + n); })).isEqualTo(-n);
                workers.add(parking.run(() -> Thread.currentThread().getName(), "test", "name"));
            }
            assertThat(workers).as("a worker that parked is reused, not replaced").hasSize(1);
        }
    }

    @Test
    void onceTheWaitsAreOverAndTheWorkersParkNoCoreStaysClaimed() throws InterruptedException {
        // A claim left behind would make every later lost turn look like the engine's own threads
        // filling the cores, and hand-offs on a saturated machine would never park again.
        HandOffWaits waits = new HandOffWaits();
        try (FreshStacks counted = new FreshStacks(4, waits)) {
            Thread[] callers = new Thread[3];
            for (int c = 0; c < callers.length; c++) {
                callers[c] = new Thread(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        int n = i;
                        counted.run(() -> n, "test", "f");
                        counted.runOr(() -> n, () -> n);
                        try {
                            counted.run(() -> {
                                throw new IllegalStateException("call " + n);
                            }, "test", "failing");
                        } catch (IllegalStateException expected) {
                            // the callee's own failure
                        }
                    }
                });
                callers[c].start();
            }
            for (Thread t : callers) t.join();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (waits.claimedCores() != 0 && System.nanoTime() < until) Thread.sleep(1);
            assertThat(waits.claimedCores()).as("cores claimed once every worker is idle and parked").isZero();
            assertThat(counted.run(() -> 7, "test", "after")).isEqualTo(7);
        }
    }

    @Test
    void everyIdleWorkerIsFoundAgainAsLongAsNoneWasMadeTooMany() throws InterruptedException {
        // Both workers busy at once, again and again: the idle ones are kept in two places (a slot
        // and a deque), and one lost between them would leave the bound reached with a worker idle.
        for (int round = 0; round < 50; round++) {
            CountDownLatch running = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            Throwable[] failures = new Throwable[2];
            Thread[] holders = new Thread[2];
            for (int i = 0; i < 2; i++) {
                int me = i;
                holders[i] = new Thread(() -> {
                    try {
                        stacks.run(() -> {
                            running.countDown();
                            try {
                                return release.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                return false;
                            }
                        }, "test", "hold");
                    } catch (Throwable e) {
                        failures[me] = e;
                        running.countDown();
                    }
                });
                holders[i].start();
            }
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            for (Thread t : holders) t.join();
            assertThat(failures).as("round %d", round).containsOnlyNulls();
        }
    }

    @Test
    void whenEveryWorkerIsBusyACallFailsInsteadOfWaiting() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Thread[] holders = new Thread[2];
        for (int i = 0; i < 2; i++) {
            holders[i] = new Thread(() -> stacks.run(() -> {
                running.countDown();
                try {
                    return release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return false;
                }
            }, "test", "hold"));
            holders[i].start();
        }
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        PluginCallException e = catchThrowableOfType(PluginCallException.class, () -> stacks.run(() -> 1, "test", "third"));
        release.countDown();
        for (Thread t : holders) t.join();
        assertThat(e.failure()).isEqualTo(CallFailure.CALL_DEPTH);
        assertThat(stacks.run(() -> 2, "test", "after")).isEqualTo(2);
    }

    @Test
    void anInterruptedCallerStillGetsTheAnswerAndKeepsItsInterrupt() {
        Thread caller = Thread.currentThread();
        int answer = stacks.run(() -> {
            caller.interrupt();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError("the worker was interrupted, not the caller", e);
            }
            return 42;
        }, "test", "f");
        assertThat(Thread.interrupted()).isTrue();
        assertThat(answer).isEqualTo(42);
    }
}
