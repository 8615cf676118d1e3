/** A pure-JVM {@link io.spirefy.pluginengine.api.spi.WasmRuntime} on Chicory and the Extism chicory-sdk. */
module io.spirefy.pluginengine.runtime.chicory {
    requires io.spirefy.pluginengine.api;
}
