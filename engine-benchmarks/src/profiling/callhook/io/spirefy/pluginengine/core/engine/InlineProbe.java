package io.spirefy.pluginengine.core.engine;

import java.lang.reflect.Field;

/**
 * Scratch, for profiling only: placed in the engine's package on the class path, it makes the
 * calling thread count as an engine worker (a stack of known size), so that an anchor's call and
 * its nested calls run inline on it instead of being handed to a worker (PluginCalls#callNested).
 */
public final class InlineProbe {

    private InlineProbe() {
    }

    /** From now on, this thread's calls into {@code engine} run as they would on one of its workers. */
    public static void asWorker(Object engine) throws ReflectiveOperationException {
        Field f = DefaultPluginEngine.class.getDeclaredField("calls");
        f.setAccessible(true);
        ((PluginCalls) f.get(engine)).thread().stackLeft = FreshStacks.USABLE_BYTES;
    }

    /** The stack size of the engine's workers, for the thread that calls {@link #asWorker}. */
    public static long stackBytes() {
        return FreshStacks.STACK_BYTES;
    }
}
