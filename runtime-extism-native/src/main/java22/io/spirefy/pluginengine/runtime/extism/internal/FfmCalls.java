package io.spirefy.pluginengine.runtime.extism.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * {@link ExtismCalls} through the JDK's foreign-function and memory API (JDK 22+): downcalls by
 * method handles the JIT compiles to a plain native call, host functions as upcall stubs
 * ({@link Linker#upcallStub}) that enter {@link HostEntry#call} without JNI's argument handling.
 * docs/PERFORMANCE.md, "The foreign-function path (JDK 22+)", has the figures against JNA.
 *
 * <p>Pointers are declared {@code JAVA_LONG}, not {@code ADDRESS}: on the 64-bit targets libextism
 * exists for both travel in the same integer register, and a {@code long} costs no
 * {@link MemorySegment} per argument. Native memory is read through one segment spanning the
 * whole address space ({@link Mem#ALL}), so a read is a plain load. The functions that only look
 * something up (output length and address, host context, memory address) are
 * {@linkplain Linker.Option#critical critical}: they never call back into Java, so the thread
 * skips the state changes a downcall otherwise makes.
 *
 * <p>Restricted methods: the runtime's module ({@code io.spirefy.pluginengine.runtime.extism})
 * needs {@code --enable-native-access}; without it the JDK warns once (JDK 22-25) and
 * {@code --illegal-native-access=deny} makes loading fail (the runtime then reports why).
 */
final class FfmCalls implements ExtismCalls {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);
    private static final ValueLayout J = JAVA_LONG;
    /** {@code ExtismFunctionType}, every pointer as a {@code long}. */
    private static final FunctionDescriptor HOST_FUNCTION = FunctionDescriptor.ofVoid(J, J, J, J, J, J);
    private static final MethodHandle ENTRY_CALL;
    private static final MethodHandle ENTRY_FAILED;
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "pluginengine-extism-ffm-cleaner");
        t.setDaemon(true);
        return t;
    });

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ENTRY_CALL = lookup.findVirtual(HostEntry.class, "call",
                    MethodType.methodType(void.class, int.class, long.class, long.class, long.class, long.class, long.class));
            ENTRY_FAILED = lookup.findVirtual(HostEntry.class, "failedOnEntry", MethodType.methodType(void.class, Throwable.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The whole address space, absolute addresses as offsets. In a class of its own, made on first
     * use (after {@link #load}): a restricted method in this class's initializer would throw where
     * native access is denied before the loader could report why.
     */
    private static final class Mem {
        static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    }

    /** libextism's symbols, set once by {@link #load} before {@link Lib} is first used. */
    private static volatile SymbolLookup library;

    @Override
    public String name() {
        return FFM;
    }

    @Override
    public String load(Path file) {
        if (ValueLayout.ADDRESS.byteSize() != 8) {
            throw new UnsatisfiedLinkError("libextism needs a 64-bit JVM (pointer size here: " + ValueLayout.ADDRESS.byteSize() + " bytes)");
        }
        library = file == null
                ? SymbolLookup.libraryLookup(System.mapLibraryName("extism"), Arena.global())
                : SymbolLookup.libraryLookup(file, Arena.global());
        return string(call(() -> (long) Lib.VERSION.invokeExact()));
    }

    /**
     * libextism's functions, bound when this class initializes (after {@link #load}): static final
     * handles, which the JIT treats as constants and inlines.
     */
    private static final class Lib {
        static final MethodHandle VERSION = down("extism_version", FunctionDescriptor.of(J));
        static final MethodHandle FUNCTION_NEW = down("extism_function_new", FunctionDescriptor.of(J, J, J, J, J, J, J, J, J));
        static final MethodHandle FUNCTION_SET_NAMESPACE = down("extism_function_set_namespace", FunctionDescriptor.ofVoid(J, J));
        static final MethodHandle FUNCTION_FREE = down("extism_function_free", FunctionDescriptor.ofVoid(J));
        static final MethodHandle COMPILED_PLUGIN_NEW = down("extism_compiled_plugin_new",
                FunctionDescriptor.of(J, J, J, J, J, JAVA_BOOLEAN, J));
        static final MethodHandle COMPILED_PLUGIN_FREE = down("extism_compiled_plugin_free", FunctionDescriptor.ofVoid(J));
        static final MethodHandle PLUGIN_NEW_FROM_COMPILED = down("extism_plugin_new_from_compiled", FunctionDescriptor.of(J, J, J));
        static final MethodHandle PLUGIN_NEW_ERROR_FREE = down("extism_plugin_new_error_free", FunctionDescriptor.ofVoid(J));
        static final MethodHandle PLUGIN_FREE = down("extism_plugin_free", FunctionDescriptor.ofVoid(J));
        static final MethodHandle PLUGIN_CANCEL_HANDLE = down("extism_plugin_cancel_handle", FunctionDescriptor.of(J, J));
        static final MethodHandle PLUGIN_CANCEL = down("extism_plugin_cancel", FunctionDescriptor.of(JAVA_BOOLEAN, J));
        static final MethodHandle PLUGIN_ERROR = down("extism_plugin_error", FunctionDescriptor.of(J, J));
        static final MethodHandle PLUGIN_CALL = down("extism_plugin_call_with_host_context", FunctionDescriptor.of(JAVA_INT, J, J, J, J, J));
        static final MethodHandle OUTPUT_LENGTH = down("extism_plugin_output_length", FunctionDescriptor.of(J, J), CRITICAL);
        static final MethodHandle OUTPUT_DATA = down("extism_plugin_output_data", FunctionDescriptor.of(J, J), CRITICAL);
        static final MethodHandle HOST_CONTEXT = down("extism_current_plugin_host_context", FunctionDescriptor.of(J, J), CRITICAL);
        static final MethodHandle MEMORY = down("extism_current_plugin_memory", FunctionDescriptor.of(J, J), CRITICAL);
        // Runs the kernel's allocator (wasm): not critical, it may take longer than a lookup.
        static final MethodHandle MEMORY_ALLOC = down("extism_current_plugin_memory_alloc", FunctionDescriptor.of(J, J, J));
        // Not critical either: it runs the kernel's length (wasm), whose walk of the block list a
        // guest can make long with many blocks, and a critical call holds off every safepoint of
        // the JVM, so every other thread's GC, for as long as it runs.
        static final MethodHandle MEMORY_LENGTH = down("extism_current_plugin_memory_length", FunctionDescriptor.of(J, J, J));

        private static MethodHandle down(String name, FunctionDescriptor descriptor, Linker.Option... options) {
            MemorySegment symbol = library.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libextism has no function " + name));
            return LINKER.downcallHandle(symbol, descriptor, options);
        }
    }

    /** The C library's functions, bound on first use, apart from libextism. */
    private static final class C {
        static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
        static final long ERRNO = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
        static final MethodHandle MALLOC = libc("malloc", FunctionDescriptor.of(J, J));
        static final MethodHandle FREE = libc("free", FunctionDescriptor.ofVoid(J));
        static final MethodHandle SETENV = libc("setenv", FunctionDescriptor.of(JAVA_INT, J, J, JAVA_INT), Linker.Option.captureCallState("errno"));
        static final MethodHandle SCHED_SETSCHEDULER = libc("sched_setscheduler", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, J),
                Linker.Option.captureCallState("errno"));
        static final MethodHandle SCHED_GETCPU = libc("sched_getcpu", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle SCHED_SETAFFINITY = libc("sched_setaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, J, J),
                Linker.Option.captureCallState("errno"));

        private static MethodHandle libc(String name, FunctionDescriptor descriptor, Linker.Option... options) {
            MemorySegment symbol = LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("no C function " + name));
            return LINKER.downcallHandle(symbol, descriptor, options);
        }
    }

    // --- native memory ---------------------------------------------------------------------

    @Override
    public NativeBytes allocate(long size) {
        long address = call(() -> (long) C.MALLOC.invokeExact(Math.max(1L, size)));
        if (address == 0) throw new OutOfMemoryError("could not allocate " + size + " bytes of native memory");
        java.nio.ByteBuffer view = Mem.ALL.asSlice(address, size).asByteBuffer();
        Cleaner.Cleanable freeing = CLEANER.register(view, new Free(address));
        return new NativeBytes(address, size, view, freeing::clean);
    }

    /** Frees a block once, from {@link NativeBytes#close()} or the cleaner; references no {@link NativeBytes}. */
    private static final class Free implements Runnable {
        private final AtomicLong address;

        Free(long address) {
            this.address = new AtomicLong(address);
        }

        @Override
        public void run() {
            long a = address.getAndSet(0);
            if (a != 0) call(() -> {
                C.FREE.invokeExact(a);
                return 0L;
            });
        }
    }

    @Override
    public int getInt(long address) {
        return Mem.ALL.get(JAVA_INT_UNALIGNED, address);
    }

    @Override
    public long getLong(long address) {
        return Mem.ALL.get(JAVA_LONG_UNALIGNED, address);
    }

    @Override
    public void putInt(long address, int value) {
        Mem.ALL.set(JAVA_INT_UNALIGNED, address, value);
    }

    @Override
    public void putLong(long address, long value) {
        Mem.ALL.set(JAVA_LONG_UNALIGNED, address, value);
    }

    @Override
    public void copyOut(long address, byte[] into, int length) {
        MemorySegment.copy(Mem.ALL, JAVA_BYTE, address, into, 0, length);
    }

    @Override
    public void copyIn(byte[] from, long address) {
        MemorySegment.copy(from, 0, Mem.ALL, JAVA_BYTE, address, from.length);
    }

    @Override
    public String string(long address) {
        return address == 0 ? null : Mem.ALL.getString(address, StandardCharsets.UTF_8);
    }

    // --- libextism, cold ---------------------------------------------------------------------

    @Override
    public HostFunctionHandle functionNew(byte[] name, int[] params, int[] results, int slot, HostEntry entry) {
        // (slot bound, user data dropped); a Throwable that escapes anyway (thrown before dispatch's
        // own catch could run) goes to failedOnEntry instead of ending the JVM.
        MethodHandle target = MethodHandles.insertArguments(ENTRY_CALL.bindTo(entry), 0, slot);
        target = MethodHandles.dropArguments(target, 5, long.class);
        MethodHandle failed = MethodHandles.dropArguments(ENTRY_FAILED.bindTo(entry), 1,
                long.class, long.class, long.class, long.class, long.class, long.class);
        target = MethodHandles.catchException(target, Throwable.class, failed);
        // Freed when unreachable: the module keeps it as long as any of its instances lives.
        MemorySegment stub = LINKER.upcallStub(target, HOST_FUNCTION, Arena.ofAuto());
        try (Arena arena = Arena.ofConfined()) {
            long n = bytes(arena, name);
            long in = ints(arena, params);
            long out = ints(arena, results);
            long f = call(() -> (long) Lib.FUNCTION_NEW.invokeExact(n, in, (long) params.length, out, (long) results.length,
                    stub.address(), 0L, 0L));
            return new HostFunctionHandle(f, stub);
        }
    }

    private static long bytes(Arena arena, byte[] b) {
        return arena.allocateFrom(JAVA_BYTE, b).address();
    }

    /** Never a null pointer, also for no values (JNA passes an empty array as one too). */
    private static long ints(Arena arena, int[] values) {
        return values.length == 0 ? arena.allocate(JAVA_INT).address() : arena.allocateFrom(JAVA_INT, values).address();
    }

    @Override
    public void functionSetNamespace(long function, byte[] namespace) {
        try (Arena arena = Arena.ofConfined()) {
            long ns = bytes(arena, namespace);
            call(() -> {
                Lib.FUNCTION_SET_NAMESPACE.invokeExact(function, ns);
                return 0L;
            });
        }
    }

    @Override
    public void functionFree(long function) {
        call(() -> {
            Lib.FUNCTION_FREE.invokeExact(function);
            return 0L;
        });
    }

    @Override
    public long compiledPluginNew(byte[] manifest, long[] functions, boolean withWasi, String[] error) {
        try (Arena arena = Arena.ofConfined()) {
            long wasm = bytes(arena, manifest);
            long fs = functions.length == 0 ? 0 : arena.allocateFrom(JAVA_LONG, functions).address();
            MemorySegment err = arena.allocate(JAVA_LONG);
            long p = call(() -> (long) Lib.COMPILED_PLUGIN_NEW.invokeExact(wasm, (long) manifest.length, fs, (long) functions.length,
                    withWasi, err.address()));
            return addressOr(p, err, error);
        }
    }

    @Override
    public void compiledPluginFree(long compiled) {
        call(() -> {
            Lib.COMPILED_PLUGIN_FREE.invokeExact(compiled);
            return 0L;
        });
    }

    @Override
    public long pluginNewFromCompiled(long compiled, String[] error) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment err = arena.allocate(JAVA_LONG);
            long p = call(() -> (long) Lib.PLUGIN_NEW_FROM_COMPILED.invokeExact(compiled, err.address()));
            return addressOr(p, err, error);
        }
    }

    /** {@code p}; or 0, with the error libextism wrote to {@code err} taken (and freed) into {@code error[0]}. */
    private long addressOr(long p, MemorySegment err, String[] error) {
        if (p != 0) return p;
        long e = err.get(JAVA_LONG, 0);
        if (e != 0) {
            try {
                error[0] = string(e);
            } finally {
                call(() -> {
                    Lib.PLUGIN_NEW_ERROR_FREE.invokeExact(e);
                    return 0L;
                });
            }
        }
        return 0;
    }

    @Override
    public void pluginFree(long plugin) {
        call(() -> {
            Lib.PLUGIN_FREE.invokeExact(plugin);
            return 0L;
        });
    }

    @Override
    public long pluginCancelHandle(long plugin) {
        return call(() -> (long) Lib.PLUGIN_CANCEL_HANDLE.invokeExact(plugin));
    }

    @Override
    public boolean pluginCancel(long cancelHandle) {
        try {
            return (boolean) Lib.PLUGIN_CANCEL.invokeExact(cancelHandle);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public String pluginError(long plugin) {
        return string(call(() -> (long) Lib.PLUGIN_ERROR.invokeExact(plugin)));
    }

    // --- libextism, per call: invokeExact straight, no lambda ------------------------------------

    @Override
    public int pluginCall(long plugin, long name, long data, long dataLength, long hostContext) {
        try {
            return (int) Lib.PLUGIN_CALL.invokeExact(plugin, name, data, dataLength, hostContext);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public long pluginOutputLength(long plugin) {
        try {
            return (long) Lib.OUTPUT_LENGTH.invokeExact(plugin);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public long pluginOutputData(long plugin) {
        try {
            return (long) Lib.OUTPUT_DATA.invokeExact(plugin);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public long currentPluginHostContext(long currentPlugin) {
        try {
            return (long) Lib.HOST_CONTEXT.invokeExact(currentPlugin);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public long currentPluginMemory(long currentPlugin) {
        try {
            return (long) Lib.MEMORY.invokeExact(currentPlugin);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public long currentPluginMemoryAlloc(long currentPlugin, long n) {
        try {
            return (long) Lib.MEMORY_ALLOC.invokeExact(currentPlugin, n);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public long currentPluginMemoryLength(long currentPlugin, long offset) {
        try {
            return (long) Lib.MEMORY_LENGTH.invokeExact(currentPlugin, offset);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    // --- the C library ---------------------------------------------------------------------------

    @Override
    public void setenv(String name, String value, boolean overwrite) {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            // Not on the foreign-function path (libextism is packaged for Linux): JNA's kernel32 call.
            new JnaCalls().setenv(name, value, overwrite);
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(C.CALL_STATE);
            long n = arena.allocateFrom(name).address();
            long v = arena.allocateFrom(value).address();
            int rc = (int) C.SETENV.invokeExact(state, n, v, overwrite ? 1 : 0);
            if (rc != 0) {
                throw new IllegalStateException("could not set environment variable " + name + " (errno " + state.get(JAVA_INT, C.ERRNO) + ")");
            }
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public void schedSetscheduler(int tid, int policy) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(C.CALL_STATE);
            long param = arena.allocate(JAVA_INT).address(); // struct sched_param { int sched_priority = 0; }
            int rc = (int) C.SCHED_SETSCHEDULER.invokeExact(state, tid, policy, param);
            if (rc != 0) {
                throw new IllegalStateException("sched_setscheduler(" + tid + ", " + policy + ") failed with errno " + state.get(JAVA_INT, C.ERRNO));
            }
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public int currentCpu() {
        try {
            return (int) C.SCHED_GETCPU.invokeExact();
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public void pinThread(int tid, int cpu) {
        long[] mask = CpuMask.of(cpu);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(C.CALL_STATE);
            long set = arena.allocateFrom(JAVA_LONG, mask).address();
            int rc = (int) C.SCHED_SETAFFINITY.invokeExact(state, tid, mask.length * 8L, set);
            if (rc != 0) {
                throw new IllegalStateException("sched_setaffinity(" + tid + ", cpu " + cpu + ") failed with errno " + state.get(JAVA_INT, C.ERRNO));
            }
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** A cold native call; its checked Throwable (none in practice) unchecked. */
    private interface NativeCall {
        long run() throws Throwable;
    }

    private static long call(NativeCall c) {
        try {
            return c.run();
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(t);
    }
}
