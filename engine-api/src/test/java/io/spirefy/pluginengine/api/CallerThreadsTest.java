package io.spirefy.pluginengine.api;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class CallerThreadsTest {

    @Test
    void onlyTheFactorysThreadsAreKnownWhateverTheirName() throws InterruptedException {
        AtomicBoolean knownFromInside = new AtomicBoolean();
        Thread caller = CallerThreads.factory().newThread(() -> knownFromInside.set(CallerThreads.isCallerThread(Thread.currentThread())));
        assertThat(caller.getName()).startsWith("pluginengine-caller-");
        assertThat(caller.isDaemon()).as("the JVM's default for a new thread").isFalse();
        caller.setName("renamed by the host");
        caller.start();
        caller.join();
        assertThat(knownFromInside).isTrue();
        // A thread of the same name and stack, made otherwise, is not one of them.
        Thread lookalike = new Thread(null, () -> { }, "pluginengine-caller-1", CallerThreads.STACK_BYTES);
        assertThat(CallerThreads.isCallerThread(lookalike)).isFalse();
        assertThat(CallerThreads.isCallerThread(Thread.currentThread())).isFalse();
    }
}
