/**
 * The {@code plugin.yaml} manifest format (contract section 3), found through ServiceLoader as
 * {@link io.spirefy.pluginengine.manifest.yaml.YamlManifestFormat} (the front door); hosts do not call it directly.
 */
package io.spirefy.pluginengine.manifest.yaml;
