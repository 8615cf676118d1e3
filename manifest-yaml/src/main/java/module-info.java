/** The plugin.yaml manifest format (contract section 3), on Jackson's YAML module. */
module io.spirefy.pluginengine.manifest.yaml {
    requires io.spirefy.pluginengine.api;
}
