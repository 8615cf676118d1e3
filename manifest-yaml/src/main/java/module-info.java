/**
 * The plugin.yaml manifest format (contract section 3), on Jackson's YAML module.
 *
 * <p>Exports nothing: the engine reaches {@code YamlManifestFormat} only through
 * {@link java.util.ServiceLoader}, so the implementation stays free to change.
 */
module io.spirefy.pluginengine.manifest.yaml {
    // The SPI types (ManifestFormat, ManifestResult, PluginDescriptor...) appear in what we provide.
    requires transitive io.spirefy.pluginengine.api;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.dataformat.yaml;
    // LoaderOptions (the parser's resource limits) is a snakeyaml type.
    requires org.yaml.snakeyaml;

    provides io.spirefy.pluginengine.api.spi.ManifestFormat
            with io.spirefy.pluginengine.manifest.yaml.YamlManifestFormat;
}
