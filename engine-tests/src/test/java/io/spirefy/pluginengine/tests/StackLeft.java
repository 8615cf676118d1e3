package io.spirefy.pluginengine.tests;

import java.lang.reflect.Method;

/**
 * Runs code with little stack left on a thread, for tests of where the engine runs a call from
 * there. A thread made with a small stack does not do it: glibc hands a new thread a cached stack
 * of an ended one when that is large enough, so a thread asked for 256 KiB may get 1 MiB, and the
 * engine's stack probe rightly finds it. This recurses instead until the engine's own probe (JDK
 * 22+ with native access) measures less than asked; where it measures nothing, it runs the code
 * at once, which the engine then treats as a stack it does not know.
 */
final class StackLeft {

    private static final Method FREE_BYTES;

    static {
        try {
            FREE_BYTES = Class.forName("io.spirefy.pluginengine.core.stack.StackProbe").getDeclaredMethod("freeBytes");
            FREE_BYTES.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private StackLeft() {
    }

    /** Runs {@code body} where less than {@code bytes} of this thread's stack is left, as far as that is measured. */
    static void lessThan(long bytes, Runnable body) {
        long free = free();
        if (free < 0 || free < bytes) {
            body.run();
            return;
        }
        lessThan(bytes, body);
    }

    private static long free() {
        try {
            return (long) FREE_BYTES.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
