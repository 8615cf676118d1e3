/**
 * A pure-JVM {@link io.spirefy.pluginengine.api.spi.WasmRuntime} on Chicory and the Extism chicory-sdk.
 *
 * <p>chicory-sdk-core is an automatic module ({@code chicory.sdk.core}); an automatic module does not
 * bring the explicit Chicory modules it uses into the module graph, so they are required here by name:
 * without them the plain module path fails at run time with {@code NoClassDefFoundError}.
 */
module io.spirefy.pluginengine.runtime.chicory {
    requires io.spirefy.pluginengine.api;
    requires chicory.sdk.core;
    requires com.dylibso.chicory.runtime;
    requires com.dylibso.chicory.wasm;
    requires com.dylibso.chicory.wasi;
    requires com.dylibso.chicory.compiler;
    requires com.dylibso.chicory.log;

    provides io.spirefy.pluginengine.api.spi.WasmRuntime
            with io.spirefy.pluginengine.runtime.chicory.ChicoryRuntime;
}
