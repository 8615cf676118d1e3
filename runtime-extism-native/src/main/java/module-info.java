/** A native {@link io.spirefy.pluginengine.api.spi.WasmRuntime} on libextism through the Extism Java SDK. */
module io.spirefy.pluginengine.runtime.extism {
    requires io.spirefy.pluginengine.api;
}
