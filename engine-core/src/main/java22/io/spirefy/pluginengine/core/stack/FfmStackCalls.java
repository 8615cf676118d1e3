package io.spirefy.pluginengine.core.stack;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@link StackCalls} through the JDK's foreign-function API (JDK 22+). */
final class FfmStackCalls extends StackCalls {

    // Static finals, so that the JIT compiles each downcall to a plain call. Initialized when the
    // first instance is made, after StackBindings found native access granted.
    private static final Linker LINKER = Linker.nativeLinker();
    /** Never call back into Java and return at once: critical skips the thread-state change. */
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);
    private static final MethodHandle PTHREAD_SELF = downcall("pthread_self", FunctionDescriptor.of(JAVA_LONG), CRITICAL);
    private static final MethodHandle GET_ATTR = downcall("pthread_getattr_np", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle ATTR_GET_STACK = downcall("pthread_attr_getstack", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_DESTROY = downcall("pthread_attr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle GET_CONTEXT = downcall("getcontext", FunctionDescriptor.of(JAVA_INT, JAVA_LONG), CRITICAL);
    private static final MethodHandle GET_PID = downcall("getpid", FunctionDescriptor.of(JAVA_INT), CRITICAL);
    private static final MethodHandle GET_TID = downcall("gettid", FunctionDescriptor.of(JAVA_INT), CRITICAL);

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        SymbolLookup libc = LINKER.defaultLookup();
        MemorySegment symbol = libc.find(name).orElseThrow(() -> new UnsupportedOperationException("the C library has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    @Override
    long[] stackOfThisThread() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(256, 16);
            MemorySegment address = arena.allocate(JAVA_LONG);
            MemorySegment size = arena.allocate(JAVA_LONG);
            if ((int) GET_ATTR.invokeExact((long) PTHREAD_SELF.invokeExact(), attr) != 0) return null;
            try {
                if ((int) ATTR_GET_STACK.invokeExact(attr, address, size) != 0) return null;
            } finally {
                int ignored = (int) ATTR_DESTROY.invokeExact(attr);
            }
            long low = address.get(JAVA_LONG, 0);
            return new long[] {low, low + size.get(JAVA_LONG, 0)};
        } catch (Throwable e) {
            return null;
        }
    }

    @Override
    boolean onFirstThread() {
        try {
            return (int) GET_TID.invokeExact() == (int) GET_PID.invokeExact();
        } catch (Throwable e) {
            return true;
        }
    }

    @Override
    Context newContext() {
        // Freed with the thread's ThreadLocal entry, when the thread ends.
        MemorySegment buffer = Arena.ofAuto().allocate(CONTEXT_BYTES, 64);
        long address = buffer.address();
        return new Context() {
            @Override
            long stackPointer() {
                try {
                    return (int) GET_CONTEXT.invokeExact(address) != 0 ? 0 : buffer.get(JAVA_LONG, RSP_OFFSET);
                } catch (Throwable e) {
                    return 0;
                }
            }
        };
    }
}
