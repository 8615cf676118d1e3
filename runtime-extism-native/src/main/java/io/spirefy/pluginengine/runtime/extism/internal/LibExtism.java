package io.spirefy.pluginengine.runtime.extism.internal;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * Our JNA binding of the libextism C API (extism.h of Extism 1.x), with its exact C types.
 *
 * <p>Why not the SDK's {@code org.extism.sdk.LibExtism}: SDK 1.1.0 binds neither compiled
 * plugins ({@code extism_compiled_plugin_new}, {@code extism_plugin_new_from_compiled}) nor host
 * contexts ({@code extism_plugin_call_with_host_context}), keeps cancelling package-private, and
 * declares several 64-bit {@code ExtismSize} values as {@code int}. Function names are passed as
 * NUL-terminated UTF-8 {@code byte[]} so that the JVM's default charset never matters.
 */
public interface LibExtism extends Library {

    /** {@code ExtismValType}: I32, I64, F32, F64 are 0..3. */
    int I32 = 0, I64 = 1, F32 = 2, F64 = 3;

    /** {@code sizeof(ExtismVal)}: an int tag, padding, an 8-byte union. */
    int VAL_SIZE = 16;

    /** Offset of the union inside {@code ExtismVal}. */
    int VAL_OFFSET = 8;

    /**
     * {@code ExtismFunctionType}. Registered through {@link LibExtismDirect#extism_function_new},
     * so JNA calls {@code invoke} straight from native code (a "direct" callback).
     */
    interface HostCallback extends Callback {
        /** The pointers come as addresses: JNA then creates no {@link Pointer} objects per call (64-bit only, see {@link LibExtismDirect}). */
        void invoke(long currentPlugin, long inputs, long nInputs, long outputs, long nOutputs, long userData);
    }

    Pointer extism_version();

    // extism_function_new is in LibExtismDirect: a callback registered through a direct-mapped
    // function is called back directly, without JNA's reflective callback proxy.

    void extism_function_set_namespace(Pointer function, byte[] namespace);

    void extism_function_free(Pointer function);

    Pointer extism_compiled_plugin_new(byte[] wasm, long wasmSize, Pointer[] functions, long nFunctions,
                                       boolean withWasi, PointerByReference errmsg);

    void extism_compiled_plugin_free(Pointer compiled);

    Pointer extism_plugin_new_from_compiled(Pointer compiled, PointerByReference errmsg);

    void extism_plugin_new_error_free(Pointer errmsg);

    void extism_plugin_free(Pointer plugin);

    Pointer extism_plugin_cancel_handle(Pointer plugin);

    boolean extism_plugin_cancel(Pointer cancelHandle);

    int extism_plugin_call_with_host_context(Pointer plugin, byte[] name, byte[] data, long dataLen, Pointer hostContext);

    Pointer extism_plugin_error(Pointer plugin);

    long extism_plugin_output_length(Pointer plugin);

    Pointer extism_plugin_output_data(Pointer plugin);

    Pointer extism_current_plugin_host_context(Pointer currentPlugin);

    Pointer extism_current_plugin_memory(Pointer currentPlugin);

    long extism_current_plugin_memory_alloc(Pointer currentPlugin, long n);

    long extism_current_plugin_memory_length(Pointer currentPlugin, long offset);
}
