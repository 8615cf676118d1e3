package io.spirefy.pluginengine.api;

import java.util.List;
import java.util.Optional;

/**
 * A snapshot of what the loaded plugins have cost, taken by {@link PluginEngine#metrics()}: it
 * does not change afterwards. Counts are exact; each plugin's figures start when it is loaded and
 * go with it when it is unloaded.
 *
 * @param plugins one entry per loaded plugin, by {@code id@version}
 */
public record EngineMetrics(List<PluginMetrics> plugins) {

    /**
     * Keeps a copy.
     *
     * @param plugins one entry per loaded plugin
     */
    public EngineMetrics {
        plugins = List.copyOf(plugins);
    }

    /**
     * The metrics of one plugin.
     *
     * @param pluginRef {@code id@version}
     * @return its metrics, or empty when no such plugin is loaded
     */
    public Optional<PluginMetrics> plugin(String pluginRef) {
        return plugins.stream().filter(p -> p.plugin().equals(pluginRef)).findFirst();
    }
}
