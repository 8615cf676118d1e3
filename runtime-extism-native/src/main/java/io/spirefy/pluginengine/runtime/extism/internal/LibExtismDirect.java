package io.spirefy.pluginengine.runtime.extism.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The libextism functions on the per-call paths (a guest call, a host function's memory access),
 * bound by JNA <em>direct mapping</em>: static native methods that JNA registers against the
 * library ({@link LibExtismLoader} does, once, right after loading it).
 *
 * <p>Why beside {@link LibExtism}: a call through an interface-mapped JNA library goes through a
 * dynamic proxy, boxes its arguments into an {@code Object[]}, looks up the {@code Function}
 * and converts every argument by reflection, which costs around a microsecond per native call; a
 * guest call makes three of them. Direct mapping is a plain JNI call. The cold functions
 * (compiling, instantiating, freeing, errors) stay on the interface, which is simpler to use;
 * {@link #extism_function_new} is here for its callbacks' sake.
 *
 * <p>Pointers that come back are {@code long} addresses, so a call allocates no {@link Pointer}
 * (libextism is built for 64-bit targets only, where a C pointer is passed and returned like a
 * {@code long}; {@link #register} refuses a 32-bit JVM). The {@code ExtismCurrentPlugin*} a host
 * function gets arrives as an address too ({@link LibExtism.HostCallback}) and goes back as one.
 * Strings and data go in as native {@link Pointer}s the caller keeps (a function name's C string
 * is made once per module, the input goes through the instance's reusable buffer), so no array
 * is pinned or copied back. Exact C types as in {@link LibExtism}.
 */
public final class LibExtismDirect {

    private LibExtismDirect() {}

    /** Binds the natives below to {@code library}; before this they throw {@link UnsatisfiedLinkError}. */
    static void register(NativeLibrary library) {
        if (Native.POINTER_SIZE != 8) {
            throw new UnsatisfiedLinkError("libextism needs a 64-bit JVM (pointer size here: " + Native.POINTER_SIZE + " bytes)");
        }
        Native.register(LibExtismDirect.class, library);
    }

    /**
     * {@code ExtismFunction *extism_function_new(const char*, const ExtismValType*, ExtismSize,
     * const ExtismValType*, ExtismSize, ExtismFunctionType, void*, void (*)(void*))}. Not hot, but
     * bound here because JNA makes a callback passed to a direct-mapped function a <em>direct</em>
     * callback: native code calls its method through JNI with the arguments as they are, instead
     * of boxing them into an {@code Object[]} for a proxy that converts and invokes them by
     * reflection. That is the cost of every host function call.
     */
    public static native Pointer extism_function_new(byte[] name, int[] inputs, long nInputs, int[] outputs, long nOutputs,
                                                     LibExtism.HostCallback func, Pointer userData, Pointer freeUserData);

    /**
     * {@code int32_t extism_plugin_call_with_host_context(ExtismPlugin*, const char*, const uint8_t*, ExtismSize, void*)},
     * every pointer as its address: JNA then converts no argument (a {@link Pointer} argument costs
     * it a field read through JNI each).
     */
    public static native int extism_plugin_call_with_host_context(long plugin, long name, long data, long dataLen, long hostContext);

    /** {@code ExtismSize extism_plugin_output_length(ExtismPlugin*)}. */
    public static native long extism_plugin_output_length(long plugin);

    /** {@code const uint8_t *extism_plugin_output_data(ExtismPlugin*)}: an address. */
    public static native long extism_plugin_output_data(long plugin);

    /** {@code void *extism_current_plugin_host_context(ExtismCurrentPlugin*)}: an address. */
    public static native long extism_current_plugin_host_context(long currentPlugin);

    /** {@code uint8_t *extism_current_plugin_memory(ExtismCurrentPlugin*)}: an address. */
    public static native long extism_current_plugin_memory(long currentPlugin);

    /** {@code ExtismMemoryHandle extism_current_plugin_memory_alloc(ExtismCurrentPlugin*, ExtismSize)}. */
    public static native long extism_current_plugin_memory_alloc(long currentPlugin, long n);

    /** {@code ExtismSize extism_current_plugin_memory_length(ExtismCurrentPlugin*, ExtismMemoryHandle)}. */
    public static native long extism_current_plugin_memory_length(long currentPlugin, long offset);
}
