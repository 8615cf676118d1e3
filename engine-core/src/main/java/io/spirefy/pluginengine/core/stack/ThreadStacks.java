package io.spirefy.pluginengine.core.stack;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The measurements behind {@link StackProbe}: each thread's stack bounds, read once, and its stack
 * pointer, read per measurement; and the check the probe makes of them before first use. Apart from
 * StackProbe so that the check's thread can measure while StackProbe is still being initialized.
 */
final class ThreadStacks {

    private static final MethodHandle IS_VIRTUAL = isVirtual();
    private static final long CHECK_STACK_BYTES = 1L << 20;

    private final StackCalls calls;
    /** Per thread: its stack's bounds and its context buffer; {@link ThreadStack#NONE} for a thread not measured. */
    private final ThreadLocal<ThreadStack> stacks = new ThreadLocal<>();

    ThreadStacks(StackCalls calls) {
        this.calls = calls;
    }

    /** See {@link StackProbe#freeBytes()}. */
    long freeBytes() {
        try {
            ThreadStack stack = stacks.get();
            if (stack == null) {
                stack = ThreadStack.of(calls);
                stacks.set(stack);
            }
            if (stack == ThreadStack.NONE) return StackProbe.UNKNOWN;
            long sp = stack.context.stackPointer();
            return sp > stack.low && sp <= stack.high ? sp - stack.low : StackProbe.UNKNOWN;
        } catch (Throwable e) {
            // A stack overflow here, or anything the C library did not expect: not measured.
            return StackProbe.UNKNOWN;
        }
    }

    /**
     * On a thread of {@value #CHECK_STACK_BYTES} bytes of stack: the stack is about that size,
     * nearly all of it is left at the start, and a measurement ten frames deeper finds less left, by
     * no more than those frames can take. A wrong offset of the stack pointer, or a C library that
     * fills the context otherwise, fails one of these.
     *
     * @return null when all hold, else what did not
     */
    String selfCheck() throws InterruptedException {
        String[] outcome = {"the check's thread did not run"};
        Thread thread = new Thread(null, () -> outcome[0] = checkHere(), "pluginengine-stack-probe-check", CHECK_STACK_BYTES);
        thread.start();
        thread.join();
        return outcome[0];
    }

    private String checkHere() {
        long shallow = freeBytes();
        long deep = deeper(10);
        ThreadStack stack = stacks.get();
        if (stack == null || stack == ThreadStack.NONE) return "the thread's stack could not be read";
        long size = stack.high - stack.low;
        if (size < CHECK_STACK_BYTES / 2 || size > CHECK_STACK_BYTES * 2) {
            return "a thread made with " + CHECK_STACK_BYTES + " bytes of stack has " + size;
        }
        if (shallow < size - (128L << 10) || shallow > size) return "the stack left at a thread's start, " + shallow + " of " + size + " bytes";
        if (deep >= shallow || shallow - deep > (64L << 10)) return "ten frames deeper, " + deep + " bytes left against " + shallow;
        return null;
    }

    private long deeper(int frames) {
        return frames == 0 ? freeBytes() : deeper(frames - 1);
    }

    /** {@code Thread::isVirtual} on JDK 21+, else null (no virtual threads). */
    private static MethodHandle isVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** One thread's stack, as measured once. */
    private static final class ThreadStack {

        static final ThreadStack NONE = new ThreadStack(0, 0, null);

        final long low;
        final long high;
        final StackCalls.Context context;

        private ThreadStack(long low, long high, StackCalls.Context context) {
            this.low = low;
            this.high = high;
            this.context = context;
        }

        static ThreadStack of(StackCalls calls) throws Throwable {
            // A virtual thread's frames move between carriers' stacks as it is unmounted and mounted again.
            if (IS_VIRTUAL != null && (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread())) return NONE;
            if (calls.onFirstThread()) return NONE;
            long[] bounds = calls.stackOfThisThread();
            if (bounds == null || bounds[0] <= 0 || bounds[1] <= bounds[0]) return NONE;
            return new ThreadStack(bounds[0], bounds[1], calls.newContext());
        }
    }
}
