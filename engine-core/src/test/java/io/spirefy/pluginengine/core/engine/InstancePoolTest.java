package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The pool on its own, with instances that run nothing: claims, the bound, waits, discards, close. */
class InstancePoolTest {

    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(10);

    private final TimeoutWatchdog watchdog = new TimeoutWatchdog();
    private final PluginEntry entry = new PluginEntry(new PluginDescriptor("test.pool", null, Version.of(1, 0, 0),
            null, null, null, false, List.of(), List.of(), List.of(), List.of(), List.of()), "test", null, new byte[0], 1);
    private final FakeFactory factory = new FakeFactory();

    @AfterEach
    void close() {
        watchdog.close();
    }

    @Test
    void aReleasedInstanceIsClaimedAgainInsteadOfMakingAnother() {
        InstancePool pool = new InstancePool(entry, factory, 4);
        InstanceSlot first = pool.acquire(LONG_WAIT, 0, "tree");
        pool.release(first);
        InstanceSlot second = pool.acquire(LONG_WAIT, 0, "tree");
        pool.release(second);
        assertThat(second).isSameAs(first);
        assertThat(factory.created).hasValue(1);
    }

    @Test
    void contendingThreadsNeverHoldMoreInstancesThanTheBound() throws InterruptedException {
        InstancePool pool = new InstancePool(entry, factory, 2);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread[] threads = new Thread[6];
        for (int t = 0; t < threads.length; t++) {
            int home = t;
            threads[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < 2_000; i++) {
                        InstanceSlot slot = pool.acquire(LONG_WAIT, home, Thread.currentThread());
                        mostHeld.accumulateAndGet(holding.incrementAndGet(), Math::max);
                        if (i % 100 == 0) Thread.yield();
                        holding.decrementAndGet();
                        pool.release(slot);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        assertThat(failures).isEmpty();
        assertThat(mostHeld.get()).isBetween(1, 2);
        assertThat(factory.created.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void aCallThatFindsEveryInstanceBusyElsewhereWaitsThenTimesOut() throws InterruptedException {
        InstancePool pool = new InstancePool(entry, factory, 1);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            InstanceSlot slot = pool.acquire(LONG_WAIT, 0, "other tree");
            held.countDown();
            try {
                done.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            pool.release(slot);
        });
        other.start();
        held.await();
        long start = System.nanoTime();
        PluginCallException e = catchThrowableOfType(PluginCallException.class,
                () -> pool.acquire(TimeUnit.MILLISECONDS.toNanos(150), 0, "my tree"));
        long waited = System.nanoTime() - start;
        done.countDown();
        other.join();
        assertThat(e.failure()).isEqualTo(CallFailure.TIMEOUT);
        assertThat(waited).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
    }

    @Test
    void aWaiterGetsTheInstanceAnotherTreeReleases() throws InterruptedException {
        InstancePool pool = new InstancePool(entry, factory, 1);
        InstanceSlot mine = pool.acquire(LONG_WAIT, 0, "first tree");
        InstanceSlot[] got = new InstanceSlot[1];
        Thread waiter = new Thread(() -> got[0] = pool.acquire(LONG_WAIT, 0, "second tree"));
        waiter.start();
        Thread.sleep(50);
        pool.release(mine);
        waiter.join(5_000);
        assertThat(got[0]).isSameAs(mine);
    }

    @Test
    void aTreeThatAlreadyHoldsEveryInstanceFailsAtOnceInsteadOfWaitingForItself() {
        InstancePool pool = new InstancePool(entry, factory, 2);
        pool.acquire(LONG_WAIT, 0, "tree");
        pool.acquire(LONG_WAIT, 1, "tree");
        long start = System.nanoTime();
        PluginCallException e = catchThrowableOfType(PluginCallException.class, () -> pool.acquire(LONG_WAIT, 0, "tree"));
        assertThat(e.failure()).isEqualTo(CallFailure.CALL_DEPTH);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void aBrokenInstanceIsDiscardedWithoutItsStopAndReplaced() {
        InstancePool pool = new InstancePool(entry, factory, 1);
        InstanceSlot slot = pool.acquire(LONG_WAIT, 0, "tree");
        slot.markBroken();
        pool.release(slot);
        assertThat(factory.destroyed).containsExactly(false);
        InstanceSlot next = pool.acquire(LONG_WAIT, 0, "tree");
        assertThat(next).isNotSameAs(slot);
        assertThat(factory.created).hasValue(2);
    }

    @Test
    void closeWaitsForTheCallUnderWayThenStopsEveryHealthyInstance() throws InterruptedException {
        InstancePool pool = new InstancePool(entry, factory, 2);
        InstanceSlot idle = pool.acquire(LONG_WAIT, 0, "idle");
        InstanceSlot busy = pool.acquire(LONG_WAIT, 1, "busy");
        pool.release(idle);
        Thread caller = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            pool.release(busy);
        });
        caller.start();
        pool.close(LONG_WAIT);
        caller.join();
        assertThat(factory.destroyed).containsExactly(true, true);
        assertThat(factory.instances).allSatisfy(i -> assertThat(i.cancels).hasValue(0));
        PluginCallException e = catchThrowableOfType(PluginCallException.class, () -> pool.acquire(LONG_WAIT, 0, "late"));
        assertThat(e.failure()).isEqualTo(CallFailure.CLOSED);
    }

    @Test
    void closeCancelsACallStillRunningAfterItsWaitAndDiscardsThatInstanceWithoutStop() {
        InstancePool pool = new InstancePool(entry, factory, 1);
        InstanceSlot busy = pool.acquire(LONG_WAIT, 0, "busy");
        pool.close(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(factory.instances.get(0).cancels).hasValue(1);
        assertThat(busy.broken()).isTrue();
        pool.release(busy);
        assertThat(factory.destroyed).containsExactly(false);
    }

    @Test
    void closeWaitsForAnInstanceBeingMadeSoItsModuleOutlivesIt() throws Exception {
        CountDownLatch creating = new CountDownLatch(1);
        CountDownLatch finishCreating = new CountDownLatch(1);
        InstancePool pool = new InstancePool(entry, new FakeFactory() {
            @Override
            public InstanceSlot create(PluginEntry e, Object tree) {
                creating.countDown();
                try {
                    finishCreating.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                return super.create(e, tree);
            }
        }, 1);
        PluginCallException[] seen = new PluginCallException[1];
        Thread caller = new Thread(() -> {
            try {
                pool.release(pool.acquire(LONG_WAIT, 0, "tree"));
            } catch (PluginCallException e) {
                seen[0] = e;
            }
        });
        caller.start();
        assertThat(creating.await(10, TimeUnit.SECONDS)).isTrue();
        Thread closer = new Thread(() -> pool.close(LONG_WAIT));
        closer.start();
        closer.join(200);
        assertThat(closer.isAlive()).as("close waits while an instance is being made").isTrue();
        finishCreating.countDown();
        closer.join(10_000);
        caller.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(seen[0]).isNotNull();
        assertThat(seen[0].failure()).isEqualTo(CallFailure.CLOSED);
    }

    /** Instances that count what is done to them. */
    private class FakeFactory implements InstancePool.Factory {
        final AtomicInteger created = new AtomicInteger();
        final List<Boolean> destroyed = new CopyOnWriteArrayList<>();
        final List<FakeInstance> instances = new CopyOnWriteArrayList<>();

        @Override
        public InstanceSlot create(PluginEntry entry, Object tree) {
            created.incrementAndGet();
            InstanceSlot slot = new InstanceSlot(entry, watchdog, tree);
            FakeInstance instance = new FakeInstance();
            instances.add(instance);
            slot.attach(instance);
            return slot;
        }

        @Override
        public void destroy(InstanceSlot slot, boolean runStop) {
            destroyed.add(runStop);
            slot.discard();
        }
    }

    private static final class FakeInstance implements WasmInstance {
        final AtomicInteger cancels = new AtomicInteger();

        @Override
        public boolean hasFunction(String name) { return false; }

        @Override
        public byte[] call(String function, byte[] input) { return new byte[0]; }

        @Override
        public void cancel() { cancels.incrementAndGet(); }

        @Override
        public void close() { }
    }
}
