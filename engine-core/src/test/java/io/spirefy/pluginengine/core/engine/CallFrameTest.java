package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.plugin.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A call's clock: its own budget, paused while it waits; the call tree's deadline over it all. */
class CallFrameTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final TimeoutWatchdog watchdog = new TimeoutWatchdog();
    private final PluginEntry entry = new PluginEntry(new PluginDescriptor("test.frame", null, Version.of(1, 0, 0),
            null, null, null, false, List.of(), List.of(), List.of(), List.of(), List.of()), "test", null, new byte[0], 1);
    private final AtomicInteger cancels = new AtomicInteger();
    private final CountDownLatch cancelled = new CountDownLatch(1);

    @AfterEach
    void close() {
        watchdog.close();
    }

    /** A slot whose instance counts the cancels it gets. */
    private InstanceSlot slot() {
        InstanceSlot slot = new InstanceSlot(entry, watchdog, "tree");
        slot.attach(new io.spirefy.pluginengine.api.spi.WasmInstance() {
            @Override public boolean hasFunction(String name) { return false; }
            @Override public byte[] call(String function, byte[] input) { return new byte[0]; }
            @Override public void cancel() { cancels.incrementAndGet(); cancelled.countDown(); }
            @Override public void close() { }
        });
        return slot;
    }

    @Test
    void aFrameThatRunsPastItsTimeoutIsCancelledAndSaysSo() throws InterruptedException {
        CallFrame frame = new CallFrame(null, slot(), 30 * MS, CallFrame.UNSET, 10_000 * MS, 0);
        long start = System.nanoTime();
        frame.run();
        assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
        long took = System.nanoTime() - start;
        frame.finish();
        // Not before its timeout; after it, within a tick or two (generous: a loaded machine).
        assertThat(took).isBetween(30 * MS, 1_000 * MS);
        assertThat(frame.timedOut()).isTrue();
        assertThat(frame.deadlinePassed()).isFalse();
    }

    @Test
    void timeSpentPausedDoesNotCountAgainstTheTimeout() throws InterruptedException {
        CallFrame frame = new CallFrame(null, slot(), 100 * MS, CallFrame.UNSET, 10_000 * MS, 0);
        frame.run();
        frame.pause();
        Thread.sleep(300);
        frame.run();
        frame.finish();
        assertThat(frame.timedOut()).isFalse();
        assertThat(cancels).hasValue(0);
    }

    @Test
    void theTreesDeadlineStopsAFrameWithTimeLeftOfItsOwn() throws InterruptedException {
        CallFrame frame = new CallFrame(null, slot(), 10_000 * MS, CallFrame.UNSET, 40 * MS, 0);
        frame.run();
        assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
        frame.finish();
        assertThat(frame.timedOut()).isTrue();
        assertThat(frame.deadlinePassed()).isTrue();
    }

    @Test
    void aFrameOutOfTimeKeepsItsClockWhileItWaits() throws InterruptedException {
        // A plugin looping over CallHook spends nearly all its time paused: once its tree's
        // deadline has passed, pausing must not hide it from the watchdog.
        CallFrame frame = new CallFrame(null, slot(), 10_000 * MS, CallFrame.UNSET, 20 * MS, 0);
        frame.run();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (cancels.get() == 0 && System.nanoTime() < until) {
            frame.pause();
            Thread.sleep(1);
            frame.run();
        }
        frame.finish();
        assertThat(cancels.get()).isPositive();
        assertThat(frame.deadlinePassed()).isTrue();
    }

    @Test
    void aRestartGivesAFreshBudgetFromNow() throws InterruptedException {
        // Instantiation: a wide budget while the runtime parses, then the call timeout for guest code.
        CallFrame frame = new CallFrame(null, slot(), 10_000 * MS, CallFrame.UNSET, 60_000 * MS, 0);
        frame.run();
        Thread.sleep(50);
        long restarted = System.nanoTime();
        frame.restart(40 * MS);
        assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
        long took = System.nanoTime() - restarted;
        frame.finish();
        assertThat(took).isBetween(40 * MS, 1_000 * MS);
        assertThat(frame.deadlinePassed()).isFalse();
    }

    @Test
    void childrenInheritTheDeadlineAndCountTheirCallersPayloads() {
        CallFrame parent = new CallFrame(null, slot(), 1_000 * MS, CallFrame.UNSET, 5_000 * MS, 100);
        parent.run();
        parent.pause();
        CallFrame child = new CallFrame(parent, slot(), 1_000 * MS, parent.deadline, 5_000 * MS, 50);
        assertThat(child.depth).isEqualTo(2);
        assertThat(child.deadline).isEqualTo(parent.deadline);
        assertThat(child.payloadBytes).isEqualTo(150);
        parent.finish();
    }

    @Test
    void compilingMovesTheWholeChainsDeadline() {
        CallFrame parent = new CallFrame(null, slot(), 1_000 * MS, CallFrame.UNSET, 5_000 * MS, 0);
        parent.run();
        parent.pause();
        CallFrame child = new CallFrame(parent, slot(), 1_000 * MS, parent.deadline, 5_000 * MS, 0);
        long before = parent.deadline;
        child.extendDeadline(700 * MS);
        assertThat(child.deadline).isEqualTo(before + 700 * MS);
        assertThat(parent.deadline).isEqualTo(before + 700 * MS);
        parent.finish();
    }
}
