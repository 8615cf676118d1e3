package io.spirefy.pluginengine.core.stack;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the stack probe answers. Surefire runs this on the build's JDK against target/classes, where
 * only the JDK 17 classes exist: the probe measures through JNA (engine-core's optional dependency,
 * on the test path). The build runs it again on a JDK 22+ against the packaged multi-release jar
 * (engine-core's pom, failsafe), where it measures through the foreign-function API with native
 * access granted, and not at all without it (system property {@code pluginengine.tests.stackProbe}
 * says which: {@code ffm}, {@code no native access}).
 */
class StackProbeTest {

    private static final String MODE = System.getProperty("pluginengine.tests.stackProbe", "jna");
    private static final boolean MEASURED = !MODE.equals("no native access");
    /** What the engine keeps of every thread's stack for the JVM's guard zones and its own frames (FreshStacks). */
    private static final long RESERVED_BYTES = 512L << 10;

    @Test
    void theProbeMeasuresExactlyWhereItShould() {
        switch (MODE) {
            case "jna" -> assertThat(StackProbe.status()).isEqualTo("measured (glibc, x86-64, JnaStackCalls)");
            case "ffm" -> assertThat(StackProbe.status()).isEqualTo("measured (glibc, x86-64, FfmStackCalls)");
            default -> assertThat(StackProbe.status())
                    .isEqualTo("not measured: the engine has no native access (--enable-native-access=io.spirefy.pluginengine.core)");
        }
        assertThat(StackProbe.freeBytes() == StackProbe.UNKNOWN).isEqualTo(!MEASURED);
    }

    @Test
    void aFreshThreadHasNearlyAllItsStackLeftAndNoMoreThanGlibcCouldHaveGivenIt() throws InterruptedException {
        for (long size : new long[] {256L << 10, 1L << 20, 16L << 20}) {
            long free = onThread(size, StackProbe::freeBytes);
            if (!MEASURED) {
                assertThat(free).isEqualTo(StackProbe.UNKNOWN);
                continue;
            }
            // glibc may give a new thread the cached stack of an ended one, up to 4 times the size asked for.
            assertThat(free).as("free stack of a thread of %d bytes", size).isBetween(size - (128L << 10), 4 * size);
        }
    }

    @Test
    void deeperFramesLeaveLessAndEachFrameCountsWhatItTook() throws InterruptedException {
        long[] measured = new long[2];
        onThread(1L << 20, () -> {
            measured[0] = StackProbe.freeBytes();
            measured[1] = descend(100, new long[1]);
            return 0;
        });
        if (!MEASURED) {
            assertThat(measured).containsOnly(StackProbe.UNKNOWN);
            return;
        }
        // 100 frames, each holding a few longs: more than 16 bytes each, less than 4 KiB each.
        assertThat(measured[0] - measured[1]).isBetween(100L * 16, 100L * 4096);
    }

    @Test
    void whatIsLeftReachesAboutNothingWhereTheJvmThrowsStackOverflowError() throws InterruptedException {
        AtomicLong last = new AtomicLong(Long.MAX_VALUE);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        onThread(1L << 20, () -> {
            try {
                exhaust(last);
            } catch (StackOverflowError expected) {
                ended.set(expected);
            }
            return 0;
        });
        assertThat(ended.get()).isInstanceOf(StackOverflowError.class);
        if (!MEASURED) {
            assertThat(last.get()).isEqualTo(StackProbe.UNKNOWN);
            return;
        }
        // The JVM throws once the stack pointer reaches its guard and shadow zones (about 100 KiB
        // on x86-64): the last measurement before it is below what the engine keeps for them.
        assertThat(last.get()).isPositive().isLessThan(RESERVED_BYTES);
    }

    @Test
    void aVirtualThreadIsNotMeasured() throws Exception {
        if (Runtime.version().feature() < 21) return;
        AtomicLong free = new AtomicLong(0);
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Thread thread = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
                .invoke(builder, (Runnable) () -> free.set(StackProbe.freeBytes()));
        thread.join();
        assertThat(free.get()).isEqualTo(StackProbe.UNKNOWN);
    }

    private static long onThread(long stackBytes, LongSupplier body) throws InterruptedException {
        long[] result = new long[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                result[0] = body.getAsLong();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "stack-probe-test", stackBytes);
        thread.start();
        thread.join();
        assertThat(failure[0]).isNull();
        return result[0];
    }

    private static long descend(int frames, long[] sink) {
        long a = sink[0] + frames, b = a * 3, c = b ^ a;
        if (frames == 0) return StackProbe.freeBytes();
        long below = descend(frames - 1, sink);
        sink[0] = a + b + c;
        return below;
    }

    private static void exhaust(AtomicLong last) {
        long free = StackProbe.freeBytes();
        // The probe answers unknown where the overflow hits inside it.
        if (free != StackProbe.UNKNOWN || !MEASURED) last.set(free);
        exhaust(last);
    }
}
