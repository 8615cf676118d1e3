package io.spirefy.pluginengine.api;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for the host to call plugins from (its executor's, its server's workers, the
 * {@link PluginEngine.Builder#eventExecutor event executor}), with a stack the engine knows.
 * A call the host starts on one of them runs there, an anchor and its hooks included, as on a
 * thread whose stack the host declared ({@link PluginEngine.Builder#hostStackBytes}) of
 * {@value #FREE_AT_CALL_BYTES} bytes: no switch to an engine thread per call.
 *
 * <p>Why: the engine cannot always find out how much stack a thread has left (it measures it on
 * Linux x86-64 through JNA on JDK 17-21 where the host has JNA, and through the foreign-function
 * API on JDK 22+ where the host grants it native access), so otherwise it runs a
 * plugin call that makes nested calls on a thread of its own with a known stack (a hostile anchor
 * that recursed before it calls must not leave its hooks short of stack), which costs a thread
 * switch per call (1-3 us). {@code hostStackBytes} removes that switch on the host's word about
 * every thread it calls from; these threads keep that word themselves, for the calls made on them
 * only, whatever other threads the host has. Calls from inside the host's listeners and host
 * functions are not covered, as with a declared stack.
 *
 * <pre>{@code
 * ExecutorService callers = Executors.newFixedThreadPool(4, CallerThreads.factory());
 * }</pre>
 */
public final class CallerThreads {

    /** The stack each thread is made with; reserved, not committed: the JVM commits what is used. */
    public static final long STACK_BYTES = 16L << 20;
    /** What a call started on one may count on; the other half is for the host's own frames beneath it. */
    public static final long FREE_AT_CALL_BYTES = STACK_BYTES / 2;

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final ThreadFactory FACTORY = task -> new Caller(task, "pluginengine-caller-" + NAMES.incrementAndGet());

    private CallerThreads() {
    }

    /**
     * The factory; one for the JVM, and its threads serve every engine. The threads are the JVM's
     * defaults otherwise (not daemons, named {@code pluginengine-caller-N}): a host may rename them,
     * or make them daemons, before it starts them.
     *
     * @return a factory of threads of {@link #STACK_BYTES} of stack, known to the engine
     */
    public static ThreadFactory factory() {
        return FACTORY;
    }

    /**
     * Whether {@code thread} came from {@link #factory()}: known by its class, which nothing else
     * can make.
     *
     * @param thread any thread
     * @return true for a thread of this factory
     */
    public static boolean isCallerThread(Thread thread) {
        return thread instanceof Caller;
    }

    private static final class Caller extends Thread {
        Caller(Runnable task, String name) {
            super(null, task, name, STACK_BYTES);
        }
    }
}
