/**
 * The service interfaces third parties implement, found through {@link java.util.ServiceLoader}:
 * {@link io.spirefy.pluginengine.api.spi.WasmRuntime} (compile, instantiate and call modules; with
 * {@link io.spirefy.pluginengine.api.spi.WasmModule} and {@link io.spirefy.pluginengine.api.spi.WasmInstance})
 * and {@link io.spirefy.pluginengine.api.spi.ManifestFormat}; and host functions a host adds
 * ({@link io.spirefy.pluginengine.api.spi.HostFunction}).
 */
package io.spirefy.pluginengine.api.spi;
