/**
 * The plugin model, as a manifest declares it: {@link io.spirefy.pluginengine.api.plugin.PluginDescriptor}
 * (the front door) with its anchors, hooks, events, listeners and dependencies, and
 * {@link io.spirefy.pluginengine.api.plugin.Version}. For hosts, and for authors of manifest formats. Immutable values.
 */
package io.spirefy.pluginengine.api.plugin;
