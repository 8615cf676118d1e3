package io.spirefy.pluginengine.runtime.extism.internal;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@link ExtismCalls} through JNA: the per-call functions by direct mapping ({@link LibExtismDirect}),
 * the others through the interface mapping ({@link LibExtism}), host functions as JNA direct
 * callbacks. The binding on JDK 17-21, and on JDK 22+ when asked for ({@link Bindings#PROPERTY}).
 */
final class JnaCalls implements ExtismCalls {

    private volatile LibExtism lib;

    @Override
    public String name() {
        return JNA;
    }

    @Override
    public String load(Path file) {
        String name = file == null ? "extism" : file.toString();
        LibExtism loaded = Native.load(name, LibExtism.class);
        LibExtismDirect.register(NativeLibrary.getInstance(name));
        CallbackFailures.install();
        lib = loaded;
        return loaded.extism_version().getString(0, StandardCharsets.UTF_8.name());
    }

    /**
     * A host function's JNA callback: JNA calls {@code invoke} straight from native code, since
     * {@link LibExtismDirect#extism_function_new} registers it (a direct callback).
     *
     * <p>Not a record: JNA keeps its native trampolines in a map keyed by the callback's
     * {@code equals}, so two equal callbacks (the same slot of two modules) would share the first
     * one's trampoline, which dies with the first module ("JNA: callback object has been garbage
     * collected", then zeros or worse for the second). Identity equality gives each its own.
     */
    static final class Trampoline implements LibExtism.HostCallback {
        private final int slot;
        private final HostEntry entry;

        Trampoline(int slot, HostEntry entry) {
            this.slot = slot;
            this.entry = entry;
        }

        HostEntry entry() {
            return entry;
        }

        @Override
        public void invoke(long currentPlugin, long inputs, long nInputs, long outputs, long nOutputs, long userData) {
            entry.call(slot, currentPlugin, inputs, nInputs, outputs, nOutputs);
        }
    }

    @Override
    public NativeBytes allocate(long size) {
        Memory m = new Memory(size);
        return new NativeBytes(Pointer.nativeValue(m), size, m.getByteBuffer(0, size), m::close);
    }

    @Override
    public int getInt(long address) {
        return new Pointer(address).getInt(0);
    }

    @Override
    public long getLong(long address) {
        return new Pointer(address).getLong(0);
    }

    @Override
    public void putInt(long address, int value) {
        new Pointer(address).setInt(0, value);
    }

    @Override
    public void putLong(long address, long value) {
        new Pointer(address).setLong(0, value);
    }

    @Override
    public void copyOut(long address, byte[] into, int length) {
        new Pointer(address).read(0, into, 0, length);
    }

    @Override
    public void copyIn(byte[] from, long address) {
        new Pointer(address).write(0, from, 0, from.length);
    }

    @Override
    public String string(long address) {
        return address == 0 ? null : new Pointer(address).getString(0, StandardCharsets.UTF_8.name());
    }

    @Override
    public HostFunctionHandle functionNew(byte[] name, int[] params, int[] results, int slot, HostEntry entry) {
        Trampoline t = new Trampoline(slot, entry);
        Pointer f = LibExtismDirect.extism_function_new(name, params, params.length, results, results.length, t, null, null);
        return new HostFunctionHandle(Pointer.nativeValue(f), t);
    }

    @Override
    public void functionSetNamespace(long function, byte[] namespace) {
        lib.extism_function_set_namespace(new Pointer(function), namespace);
    }

    @Override
    public void functionFree(long function) {
        lib.extism_function_free(new Pointer(function));
    }

    @Override
    public long compiledPluginNew(byte[] manifest, long[] functions, boolean withWasi, String[] error) {
        Pointer[] fs = new Pointer[functions.length];
        for (int i = 0; i < fs.length; i++) fs[i] = new Pointer(functions[i]);
        PointerByReference err = new PointerByReference();
        Pointer p = lib.extism_compiled_plugin_new(manifest, manifest.length, fs.length == 0 ? null : fs, fs.length, withWasi, err);
        return addressOr(p, err, error);
    }

    @Override
    public void compiledPluginFree(long compiled) {
        lib.extism_compiled_plugin_free(new Pointer(compiled));
    }

    @Override
    public long pluginNewFromCompiled(long compiled, String[] error) {
        PointerByReference err = new PointerByReference();
        return addressOr(lib.extism_plugin_new_from_compiled(new Pointer(compiled), err), err, error);
    }

    /** The address of {@code p}; or 0, with the error libextism gave taken (and freed) into {@code error[0]}. */
    private long addressOr(Pointer p, PointerByReference err, String[] error) {
        if (p != null) return Pointer.nativeValue(p);
        Pointer e = err.getValue();
        if (e != null) {
            try {
                error[0] = e.getString(0, StandardCharsets.UTF_8.name());
            } finally {
                lib.extism_plugin_new_error_free(e);
            }
        }
        return 0;
    }

    @Override
    public void pluginFree(long plugin) {
        lib.extism_plugin_free(new Pointer(plugin));
    }

    @Override
    public long pluginCancelHandle(long plugin) {
        return Pointer.nativeValue(lib.extism_plugin_cancel_handle(new Pointer(plugin)));
    }

    @Override
    public boolean pluginCancel(long cancelHandle) {
        return lib.extism_plugin_cancel(new Pointer(cancelHandle));
    }

    @Override
    public String pluginError(long plugin) {
        Pointer e = lib.extism_plugin_error(new Pointer(plugin));
        return e == null ? null : e.getString(0, StandardCharsets.UTF_8.name());
    }

    @Override
    public int pluginCall(long plugin, long name, long data, long dataLength, long hostContext) {
        return LibExtismDirect.extism_plugin_call_with_host_context(plugin, name, data, dataLength, hostContext);
    }

    @Override
    public long pluginOutputLength(long plugin) {
        return LibExtismDirect.extism_plugin_output_length(plugin);
    }

    @Override
    public long pluginOutputData(long plugin) {
        return LibExtismDirect.extism_plugin_output_data(plugin);
    }

    @Override
    public long currentPluginHostContext(long currentPlugin) {
        return LibExtismDirect.extism_current_plugin_host_context(currentPlugin);
    }

    @Override
    public long currentPluginMemory(long currentPlugin) {
        return LibExtismDirect.extism_current_plugin_memory(currentPlugin);
    }

    @Override
    public long currentPluginMemoryAlloc(long currentPlugin, long n) {
        return LibExtismDirect.extism_current_plugin_memory_alloc(currentPlugin, n);
    }

    @Override
    public long currentPluginMemoryLength(long currentPlugin, long offset) {
        return LibExtismDirect.extism_current_plugin_memory_length(currentPlugin, offset);
    }

    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        int sched_setscheduler(int pid, int policy, int[] param);

        int sched_getcpu();

        int sched_setaffinity(int pid, long cpusetsize, long[] mask);
    }

    interface Kernel32 extends Library {
        boolean SetEnvironmentVariableW(WString name, WString value);
    }

    /** Loaded on first use, apart from libextism. */
    private static final class C {
        static final Object LIB = Platform.isWindows()
                ? Native.load("kernel32", Kernel32.class)
                : Native.load(Platform.C_LIBRARY_NAME, LibC.class);
    }

    @Override
    public void setenv(String name, String value, boolean overwrite) {
        if (C.LIB instanceof LibC c) {
            if (c.setenv(name, value, overwrite ? 1 : 0) != 0) {
                throw new IllegalStateException("could not set environment variable " + name + " (errno " + Native.getLastError() + ")");
            }
        } else if (overwrite || System.getenv(name) == null) {
            if (!((Kernel32) C.LIB).SetEnvironmentVariableW(new WString(name), new WString(value))) {
                throw new IllegalStateException("could not set environment variable " + name + " (error " + Native.getLastError() + ")");
            }
        }
    }

    @Override
    public void schedSetscheduler(int tid, int policy) {
        if (((LibC) C.LIB).sched_setscheduler(tid, policy, new int[]{0}) != 0) {
            throw new IllegalStateException("sched_setscheduler(" + tid + ", " + policy + ") failed with errno " + Native.getLastError());
        }
    }

    @Override
    public int currentCpu() {
        return C.LIB instanceof LibC c ? c.sched_getcpu() : -1;
    }

    @Override
    public void pinThread(int tid, int cpu) {
        long[] mask = CpuMask.of(cpu);
        if (((LibC) C.LIB).sched_setaffinity(tid, mask.length * 8L, mask) != 0) {
            throw new IllegalStateException("sched_setaffinity(" + tid + ", cpu " + cpu + ") failed with errno " + Native.getLastError());
        }
    }
}
