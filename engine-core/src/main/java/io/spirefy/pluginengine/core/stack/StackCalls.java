package io.spirefy.pluginengine.core.stack;

/**
 * The C library calls {@link StackProbe} needs (glibc, Linux x86-64), through one foreign-function
 * binding or another ({@link StackBindings}).
 */
abstract class StackCalls {

    /** glibc's x86-64 {@code ucontext_t}: uc_flags, uc_link, uc_stack (24 bytes), then gregs[REG_RSP = 15]. */
    static final long RSP_OFFSET = 8 + 8 + 24 + 15 * 8;
    /** Room for a {@code ucontext_t} (968 bytes on glibc 2.36). */
    static final long CONTEXT_BYTES = 2048;

    /**
     * The calling thread's stack, from {@code pthread_getattr_np}.
     *
     * @return its lowest and its highest address, or null where the C library gives none
     */
    abstract long[] stackOfThisThread();

    /** Whether the calling thread is the process's first, whose stack grows on demand. */
    abstract boolean onFirstThread();

    /** A buffer for the calling thread's saved context: one per thread. */
    abstract Context newContext();

    /** One thread's {@code ucontext_t} buffer. */
    abstract static class Context {

        /** Saves the registers ({@code getcontext}) and reads the stack pointer saved; 0 when it failed. */
        abstract long stackPointer();
    }
}
