/**
 * A pure-JVM {@link io.spirefy.pluginengine.api.spi.WasmRuntime} on Chicory and the Extism chicory-sdk.
 *
 * <p>The sdk comes as {@code org.extism.sdk.chicory}, upstream's classes with a descriptor added by
 * this build (artifact chicory-sdk-modular), so that every module of the runtime is a named one.
 */
module io.spirefy.pluginengine.runtime.chicory {
    requires io.spirefy.pluginengine.api;
    requires org.extism.sdk.chicory;
    // Used directly, not only through the sdk.
    requires com.dylibso.chicory.runtime;
    requires com.dylibso.chicory.wasm;
    requires com.dylibso.chicory.wasi;
    requires com.dylibso.chicory.compiler;
    requires com.dylibso.chicory.log;

    provides io.spirefy.pluginengine.api.spi.WasmRuntime
            with io.spirefy.pluginengine.runtime.chicory.ChicoryRuntime;
}
