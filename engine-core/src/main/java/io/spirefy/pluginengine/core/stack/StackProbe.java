package io.spirefy.pluginengine.core.stack;

import java.util.Locale;

/**
 * How much stack the calling thread has left, measured.
 *
 * <p>Why: a plugin call that makes nested calls must leave each of them the stack its runtime
 * reserves (contract section 7). Where the stack left is unknown, the engine runs the call on a
 * thread of its own with a known stack: a thread switch per call. A measured stack needs no switch,
 * and no promise from the host ({@code hostStackBytes}).
 *
 * <p>How: once per thread, glibc's {@code pthread_getattr_np} gives the thread's stack (its lowest
 * address); at each measurement {@code getcontext} saves the registers, the stack pointer among
 * them, which is then the binding's own, a few hundred bytes below the caller's frame. The
 * difference is what is left, the JVM's guard zones included. About 0.2 us a measurement (most of
 * it the system call {@code getcontext} makes for the signal mask); the thread switch it saves
 * costs 1-4 us. The calls go through JNA on JDK 17-21 (when the host has it) and through the
 * foreign-function API on JDK 22+ (when the host grants the engine native access): {@link StackBindings}.
 *
 * <p>Where it measures, and why only there: Linux on x86-64 with glibc, where the stack pointer's
 * place in a {@code ucontext_t} is fixed by the ABI ({@code REG_RSP}); platform threads other than
 * the process's first (whose stack grows on demand, so that its end is not a fixed address).
 * System property {@value #PROPERTY}{@code =false} turns it off. A wrong answer would be dangerous
 * (on libextism a native stack overflow ends the JVM), so before first use the probe checks itself
 * on a thread of its own of known stack, and it answers unknown for a stack pointer outside the
 * thread's stack.
 */
public final class StackProbe {

    /** What {@link #freeBytes()} answers where it cannot measure. */
    public static final long UNKNOWN = -1;
    /** {@code false} turns the probe off, for comparison or as a way out. */
    static final String PROPERTY = "pluginengine.stackProbe";

    /** The measurements, or null where the probe does not measure. */
    private static final ThreadStacks STACKS;
    private static final String STATUS;

    static {
        ThreadStacks stacks = null;
        String status;
        try {
            String refusal = refusal();
            if (refusal != null) {
                status = "not measured: " + refusal;
            } else {
                StackCalls calls = StackBindings.load();
                stacks = new ThreadStacks(calls);
                String failed = stacks.selfCheck();
                status = failed == null ? "measured (glibc, x86-64, " + calls.getClass().getSimpleName() + ")"
                        : "not measured: the self-check failed (" + failed + ")";
                if (failed != null) stacks = null;
            }
        } catch (UnsupportedOperationException e) {
            stacks = null;
            status = "not measured: " + e.getMessage();
        } catch (Throwable e) {
            stacks = null;
            status = "not measured: " + e;
        }
        STACKS = stacks;
        STATUS = status;
    }

    private StackProbe() {
    }

    /**
     * The bytes between the calling thread's stack pointer and the end of its stack, the JVM's
     * guard zones included; {@link #UNKNOWN} where the probe does not measure (see the class
     * comment), on a virtual thread, and on the process's first thread.
     *
     * @return the stack left below the caller, or {@link #UNKNOWN}
     */
    public static long freeBytes() {
        ThreadStacks stacks = STACKS;
        return stacks == null ? UNKNOWN : stacks.freeBytes();
    }

    /** Why {@link #freeBytes()} measures or not, for diagnostics and tests. */
    public static String status() {
        return STATUS;
    }

    private static String refusal() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "").strip())) return "system property " + PROPERTY + "=false";
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "only Linux on x86-64 is supported, not " + os + " on " + arch;
        }
        return null;
    }
}
