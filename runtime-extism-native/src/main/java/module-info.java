/**
 * A native {@link io.spirefy.pluginengine.api.spi.WasmRuntime} on libextism (wasmtime), named
 * {@code extism}. It needs the native library at run time; see
 * {@link io.spirefy.pluginengine.runtime.extism.ExtismNativeRuntime} for where it is looked for.
 */
module io.spirefy.pluginengine.runtime.extism {
    requires io.spirefy.pluginengine.api;
    // JNA calls into libextism and back into our host-function trampolines.
    requires com.sun.jna;

    // JNA reflects on our binding interface and calls our callbacks.
    opens io.spirefy.pluginengine.runtime.extism.internal to com.sun.jna;

    provides io.spirefy.pluginengine.api.spi.WasmRuntime
            with io.spirefy.pluginengine.runtime.extism.ExtismNativeRuntime;
}
