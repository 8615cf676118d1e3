package io.spirefy.pluginengine.core.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The timer survives whatever a cancel throws: after an Error, timeouts still fire. */
class TimeoutWatchdogTest {

    private final TimeoutWatchdog watchdog = new TimeoutWatchdog();

    @AfterEach
    void close() {
        watchdog.close();
    }

    @Test
    void aCancelThatThrowsAnErrorIsRepeatedAndOtherClocksStillFire() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch retried = new CountDownLatch(1);
        TimeoutWatchdog.Clock failing = watchdog.clock(() -> {
            if (attempts.incrementAndGet() == 1) throw new OutOfMemoryError("simulated: the heap a plugin filled");
            retried.countDown();
        });
        failing.arm(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(10), now -> { });
        assertThat(retried.await(5, TimeUnit.SECONDS)).as("the failed cancel is tried again").isTrue();
        failing.disarm();

        CountDownLatch fired = new CountDownLatch(1);
        TimeoutWatchdog.Clock innocent = watchdog.clock(fired::countDown);
        innocent.arm(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(20), now -> { });
        assertThat(fired.await(5, TimeUnit.SECONDS)).as("a later timeout still fires").isTrue();
        innocent.disarm();
    }

    @Test
    void anExpiryThatThrowsAnErrorDoesNotStopTheTimer() throws InterruptedException {
        TimeoutWatchdog.Clock bad = watchdog.clock(() -> { });
        bad.arm(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(5), now -> {
            throw new StackOverflowError("simulated");
        });
        Thread.sleep(50);
        bad.disarm();

        CountDownLatch fired = new CountDownLatch(1);
        TimeoutWatchdog.Clock innocent = watchdog.clock(fired::countDown);
        innocent.arm(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(20), now -> { });
        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        innocent.disarm();
    }

    @Test
    void disarmWaitsOutACancelUnderWayHoweverLongItTakes() throws InterruptedException {
        // A cancel held up (its thread lost its core, a slow native cancel): disarm must still
        // return only once it is over, and no cancel may follow.
        CountDownLatch cancelling = new CountDownLatch(1);
        AtomicInteger cancels = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        TimeoutWatchdog.Clock clock = watchdog.clock(() -> {
            cancels.incrementAndGet();
            cancelling.countDown();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.incrementAndGet();
        });
        clock.arm(System.nanoTime(), 0, now -> { });
        assertThat(cancelling.await(5, TimeUnit.SECONDS)).isTrue();
        clock.disarm();
        assertThat(finished).as("cancels over when disarm returned").hasValue(cancels.get());
        int after = cancels.get();
        Thread.sleep(100);
        assertThat(cancels).as("no cancel after disarm").hasValue(after);
    }

    @Test
    void aDisarmedClockNeverFires() throws InterruptedException {
        AtomicInteger cancels = new AtomicInteger();
        TimeoutWatchdog.Clock clock = watchdog.clock(cancels::incrementAndGet);
        clock.arm(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(30), now -> { });
        clock.disarm();
        Thread.sleep(100);
        assertThat(cancels).hasValue(0);
    }
}
