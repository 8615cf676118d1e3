package io.spirefy.pluginengine.core.engine;

/** Scratch: makes the calling thread count as an engine worker (known stack), so an anchor's nested calls run inline on it. */
public final class InlineProbe {
    public static void asWorker(Object engine) throws Exception {
        java.lang.reflect.Field f = DefaultPluginEngine.class.getDeclaredField("calls");
        f.setAccessible(true);
        PluginCalls calls = (PluginCalls) f.get(engine);
        calls.thread().stackLeft = FreshStacks.USABLE_BYTES;
    }
    public static long stackBytes() { return FreshStacks.STACK_BYTES; }
}
