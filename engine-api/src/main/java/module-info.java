/**
 * The stable API of PluginEngine for Java: the plugin model (anchors, hooks, events, listeners,
 * versions), the engine a host application embeds, and the two service interfaces third parties
 * implement: {@link io.spirefy.pluginengine.api.spi.WasmRuntime} (how modules are compiled,
 * instantiated and called) and {@link io.spirefy.pluginengine.api.spi.ManifestFormat} (how a
 * manifest becomes a {@link io.spirefy.pluginengine.api.plugin.PluginDescriptor}).
 */
module io.spirefy.pluginengine.api {
    exports io.spirefy.pluginengine.api;
    exports io.spirefy.pluginengine.api.plugin;
    exports io.spirefy.pluginengine.api.spi;
}
