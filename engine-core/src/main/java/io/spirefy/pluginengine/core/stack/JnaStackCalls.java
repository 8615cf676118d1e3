package io.spirefy.pluginengine.core.stack;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * {@link StackCalls} through JNA's direct mapping (JNI calls to C functions bound once, no
 * argument conversion): about 0.2 us a measurement, most of it the system call {@code getcontext}
 * makes for the signal mask.
 */
final class JnaStackCalls extends StackCalls {

    /** @throws LinkageError where JNA or a function of the C library is missing */
    JnaStackCalls() {
        LibC.bind();
    }

    @Override
    long[] stackOfThisThread() {
        Memory attr = new Memory(256);
        Memory out = new Memory(16);
        if (LibC.pthread_getattr_np(LibC.pthread_self(), Pointer.nativeValue(attr)) != 0) return null;
        try {
            if (LibC.pthread_attr_getstack(Pointer.nativeValue(attr), Pointer.nativeValue(out), Pointer.nativeValue(out) + 8) != 0) return null;
        } finally {
            LibC.pthread_attr_destroy(Pointer.nativeValue(attr));
        }
        long low = out.getLong(0);
        return new long[] {low, low + out.getLong(8)};
    }

    @Override
    boolean onFirstThread() {
        return LibC.gettid() == LibC.getpid();
    }

    @Override
    Context newContext() {
        Memory buffer = new Memory(CONTEXT_BYTES);
        long address = Pointer.nativeValue(buffer);
        return new Context() {
            @Override
            long stackPointer() {
                return LibC.getcontext(address) != 0 ? 0 : buffer.getLong(RSP_OFFSET);
            }
        };
    }

    /** The C library's functions, pointers as {@code long}s. */
    private static final class LibC {

        static {
            Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        /** Binds the functions below (this class's initialization), once. */
        static void bind() {
        }

        static native long pthread_self();

        static native int pthread_getattr_np(long thread, long attr);

        static native int pthread_attr_getstack(long attr, long address, long size);

        static native int pthread_attr_destroy(long attr);

        static native int getcontext(long context);

        static native int getpid();

        static native int gettid();
    }
}
