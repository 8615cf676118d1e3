package io.spirefy.pluginengine.core.engine;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host's calling threads whose stack the engine knows ({@link
 * io.spirefy.pluginengine.api.PluginEngine#callerThreadFactory}): a call started on one runs there
 * as on a thread whose stack the host declared, with no hand-off (PluginCalls#callOnHostStack).
 * Known by their class, so that one factory serves every engine in the JVM.
 */
final class CallerThreads implements ThreadFactory {

    static final CallerThreads FACTORY = new CallerThreads();

    /** Reserved, not committed: the JVM commits a thread's stack as it is used. */
    static final long STACK_BYTES = 16L << 20;
    /** What a call may count on: the half beneath it is left for the host's own frames. */
    static final long FREE_AT_CALL_BYTES = STACK_BYTES / 2;

    private final AtomicInteger names = new AtomicInteger();

    private CallerThreads() {
    }

    @Override
    public Thread newThread(Runnable task) {
        return new Caller(task, "pluginengine-caller-" + names.incrementAndGet());
    }

    /** Whether {@code thread} was made here. */
    static boolean isCaller(Thread thread) {
        return thread instanceof Caller;
    }

    private static final class Caller extends Thread {
        Caller(Runnable task, String name) {
            super(null, task, name, STACK_BYTES);
        }
    }
}
