package io.spirefy.pluginengine.core.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * How much stack the calling thread has left, measured (the JDK 22+ version of this class, in the
 * multi-release jar's {@code META-INF/versions/22}). JDK 17-21 load the base class, which always
 * answers unknown.
 *
 * <p>How: once per thread, glibc's {@code pthread_getattr_np} gives the thread's stack (its lowest
 * address); at each measurement {@code getcontext} saves the registers, the stack pointer among
 * them, which is then the foreign-function stub's own, a few hundred bytes below the caller's
 * frame. The difference is what is left, the JVM's guard zones included (the engine keeps
 * {@link FreshStacks#RESERVED_BYTES} of it for them and for its own frames). About 0.2 us a
 * measurement, most of it the system call {@code getcontext} makes for the signal mask; the
 * thread switch it saves costs 1-4 us.
 *
 * <p>Where it measures, and why only there: Linux on x86-64 with glibc, where the stack pointer's
 * place in a {@code ucontext_t} is fixed by the ABI ({@code REG_RSP}); a platform thread other
 * than the process's first (whose stack grows on demand, so its end is not a fixed address);
 * and only when the host grants this module native access ({@code
 * --enable-native-access=io.spirefy.pluginengine.core}, or {@code ALL-UNNAMED} on the class path):
 * the probe never calls a restricted method otherwise, so the JDK prints no warning on its
 * account. System property {@value #PROPERTY}{@code =false} turns it off. A wrong answer would
 * be dangerous (on libextism a native stack overflow ends the JVM), so the probe checks itself
 * once before first use, on a thread of its own of known stack, and answers unknown for a stack
 * pointer outside the thread's stack.
 */
final class StackProbe {

    /** What {@link #freeBytes()} answers where it cannot measure. */
    static final long UNKNOWN = -1;
    /** {@code false} turns the probe off, for comparison or as a way out. */
    static final String PROPERTY = "pluginengine.stackProbe";

    /** glibc's x86-64 {@code ucontext_t}: uc_flags, uc_link, uc_stack (24 bytes), then gregs[REG_RSP = 15]. */
    private static final long RSP_OFFSET = 8 + 8 + 24 + 15 * 8;
    /** Per thread: its stack's lowest and highest address, then room for a {@code ucontext_t} (968 bytes on glibc 2.36). */
    private static final long LOW = 0, HIGH = 8, CONTEXT = 64, STATE_BYTES = CONTEXT + 2048;

    private static final Native NATIVE;
    private static final String STATUS;

    static {
        Native loaded = null;
        String status;
        try {
            String refusal = refusal();
            if (refusal != null) {
                status = "not measured: " + refusal;
            } else {
                loaded = new Native();
                String failed = loaded.selfCheck();
                status = failed == null ? "measured (glibc, x86-64)" : "not measured: the self-check failed (" + failed + ")";
                if (failed != null) loaded = null;
            }
        } catch (Throwable e) {
            loaded = null;
            status = "not measured: " + e;
        }
        NATIVE = loaded;
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
    static long freeBytes() {
        Native probe = NATIVE;
        if (probe == null || Thread.currentThread().isVirtual()) return UNKNOWN;
        return probe.freeBytes();
    }

    /** Why {@link #freeBytes()} measures or not, for the engine's diagnostics and tests. */
    static String status() {
        return STATUS;
    }

    private static String refusal() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "").strip())) return "system property " + PROPERTY + "=false";
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "only Linux on x86-64 is supported, not " + os + " on " + arch;
        }
        if (!StackProbe.class.getModule().isNativeAccessEnabled()) {
            return "the engine has no native access (--enable-native-access="
                    + Optional.ofNullable(StackProbe.class.getModule().getName()).orElse("ALL-UNNAMED") + ")";
        }
        return null;
    }

    /** The downcalls, made only once {@link #refusal()} found nothing against them. */
    private static final class Native {

        private final MethodHandle pthreadSelf;
        private final MethodHandle getAttr;
        private final MethodHandle attrGetStack;
        private final MethodHandle attrDestroy;
        private final MethodHandle getContext;
        private final MethodHandle getPid;
        private final MethodHandle getTid;
        private final ThreadLocal<MemorySegment> states = new ThreadLocal<>();

        Native() {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            Linker.Option critical = Linker.Option.critical(false);
            pthreadSelf = downcall(linker, libc, "pthread_self", FunctionDescriptor.of(JAVA_LONG), critical);
            getAttr = downcall(linker, libc, "pthread_getattr_np", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
            attrGetStack = downcall(linker, libc, "pthread_attr_getstack", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
            attrDestroy = downcall(linker, libc, "pthread_attr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            // Never calls back into Java and returns at once: critical skips the thread-state change.
            getContext = downcall(linker, libc, "getcontext", FunctionDescriptor.of(JAVA_INT, JAVA_LONG), critical);
            getPid = downcall(linker, libc, "getpid", FunctionDescriptor.of(JAVA_INT), critical);
            getTid = downcall(linker, libc, "gettid", FunctionDescriptor.of(JAVA_INT), critical);
        }

        private static MethodHandle downcall(Linker linker, SymbolLookup libc, String name, FunctionDescriptor descriptor,
                                             Linker.Option... options) {
            MemorySegment symbol = libc.find(name).orElseThrow(() -> new IllegalStateException("the C library has no " + name));
            return linker.downcallHandle(symbol, descriptor, options);
        }

        long freeBytes() {
            try {
                MemorySegment state = states.get();
                if (state == null) {
                    state = stateOfThisThread();
                    states.set(state);
                }
                if (state.byteSize() == 0) return UNKNOWN;
                long sp = stackPointer(state);
                long low = state.get(JAVA_LONG, LOW);
                return sp > low && sp <= state.get(JAVA_LONG, HIGH) ? sp - low : UNKNOWN;
            } catch (Throwable e) {
                // A stack overflow here, or anything the C library did not expect: not measured.
                return UNKNOWN;
            }
        }

        private long stackPointer(MemorySegment state) throws Throwable {
            int failed = (int) getContext.invokeExact(state.address() + CONTEXT);
            return failed != 0 ? 0 : state.get(JAVA_LONG, CONTEXT + RSP_OFFSET);
        }

        /** The thread's stack bounds and its context buffer, or an empty segment for a thread not measured. */
        private MemorySegment stateOfThisThread() throws Throwable {
            if ((int) getTid.invokeExact() == (int) getPid.invokeExact()) return MemorySegment.NULL;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment attr = arena.allocate(256, 16);
                MemorySegment address = arena.allocate(JAVA_LONG);
                MemorySegment size = arena.allocate(JAVA_LONG);
                if ((int) getAttr.invokeExact((long) pthreadSelf.invokeExact(), attr) != 0) return MemorySegment.NULL;
                try {
                    if ((int) attrGetStack.invokeExact(attr, address, size) != 0) return MemorySegment.NULL;
                } finally {
                    int ignored = (int) attrDestroy.invokeExact(attr);
                }
                long low = address.get(JAVA_LONG, 0);
                long bytes = size.get(JAVA_LONG, 0);
                if (low <= 0 || bytes <= 0) return MemorySegment.NULL;
                // Freed with the thread's ThreadLocal entry, when the thread ends.
                MemorySegment state = Arena.ofAuto().allocate(STATE_BYTES, 64);
                state.set(JAVA_LONG, LOW, low);
                state.set(JAVA_LONG, HIGH, low + bytes);
                return state;
            }
        }

        /**
         * On a thread of {@value #CHECK_STACK_BYTES} bytes of stack: the stack is about that size,
         * nearly all of it is left at the start, and a measurement ten frames deeper finds less
         * left, by no more than those frames can take. A wrong offset of the stack pointer, or a
         * C library that fills the context otherwise, fails one of these.
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

        private static final long CHECK_STACK_BYTES = 1L << 20;

        private String checkHere() {
            long shallow = freeBytes();
            long deep = deeper(10);
            long size;
            MemorySegment state = states.get();
            if (state == null || state.byteSize() == 0) return "the thread's stack could not be read";
            size = state.get(JAVA_LONG, HIGH) - state.get(JAVA_LONG, LOW);
            if (size < CHECK_STACK_BYTES / 2 || size > CHECK_STACK_BYTES * 2) {
                return "a thread made with " + CHECK_STACK_BYTES + " bytes of stack has " + size;
            }
            if (shallow < size - (128L << 10) || shallow > size) return "the stack left at a thread's start, " + shallow + " of " + size + " bytes";
            if (deep >= shallow || shallow - deep > (64L << 10)) return "ten frames deeper, " + deep + " bytes left against " + shallow;
            return null;
        }

        private long deeper(int frames) {
            return frames == 0 ? freeBytes() : deeper(frames - 1) + 0 * frames;
        }
    }
}
