package io.spirefy.pluginengine.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one loaded plugin has cost so far.
 *
 * @param plugin          {@code id@version}
 * @param instancesLive   instances that exist now, busy or idle
 * @param instancesIdle   of those, the ones not running a call
 * @param compileTime     how long its module took to compile; zero when not compiled yet
 * @param instantiations  how many instances were made
 * @param instantiateTime the time all of them took to make (start section and {@code _initialize} included)
 * @param functions       its exports that were called, by name
 */
public record PluginMetrics(String plugin, int instancesLive, int instancesIdle, Duration compileTime,
                            long instantiations, Duration instantiateTime, List<FunctionMetrics> functions) {

    /**
     * Keeps a copy of the functions.
     *
     * @param plugin          {@code id@version}
     * @param instancesLive   instances that exist now
     * @param instancesIdle   of those, the ones not running a call
     * @param compileTime     how long its module took to compile
     * @param instantiations  how many instances were made
     * @param instantiateTime the time all of them took to make
     * @param functions       its exports that were called
     */
    public PluginMetrics {
        functions = List.copyOf(functions);
    }

    /**
     * The metrics of one export.
     *
     * @param name the export's name
     * @return its metrics, or empty when it was never called
     */
    public Optional<FunctionMetrics> function(String name) {
        return functions.stream().filter(f -> f.function().equals(name)).findFirst();
    }
}
