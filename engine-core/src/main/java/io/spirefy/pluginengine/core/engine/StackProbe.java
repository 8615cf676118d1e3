package io.spirefy.pluginengine.core.engine;

/**
 * How much stack the calling thread has left, where the JVM lets the engine find out: on JDK 17-21
 * it cannot (this class), on JDK 22+ the multi-release jar's {@code META-INF/versions/22} version
 * measures it through the foreign-function API, where the host grants the engine native access.
 *
 * <p>Why: a plugin call that makes nested calls must leave each of them the stack its runtime
 * reserves (contract section 7). Where the stack left is unknown, the call goes to an engine
 * thread of known stack: a thread switch per call (PluginCalls#callOnWorker). A measured stack
 * needs no switch, and no promise from the host ({@code hostStackBytes}).
 */
final class StackProbe {

    /** What {@link #freeBytes()} answers where it cannot measure. */
    static final long UNKNOWN = -1;

    private StackProbe() {
    }

    /**
     * The bytes between the calling thread's stack pointer and the end of its stack, the JVM's
     * guard zones included; {@link #UNKNOWN} on this JDK.
     *
     * @return the stack left below the caller, or {@link #UNKNOWN}
     */
    static long freeBytes() {
        return UNKNOWN;
    }

    /** Why {@link #freeBytes()} measures or not, for the engine's diagnostics and tests. */
    static String status() {
        return "not measured: the JDK is older than 22 (the foreign-function API)";
    }
}
