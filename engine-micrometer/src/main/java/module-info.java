/**
 * Optional Micrometer support for PluginEngine for Java: {@link
 * io.spirefy.pluginengine.micrometer.PluginEngineMeterBinder} exposes an engine's metrics to a
 * {@code MeterRegistry}. The engine itself takes no dependency on Micrometer.
 */
module io.spirefy.pluginengine.micrometer {
    requires transitive io.spirefy.pluginengine.api;
    // An automatic module (micrometer-core 1.17 ships no descriptor): its Automatic-Module-Name.
    requires transitive micrometer.core;

    exports io.spirefy.pluginengine.micrometer;
}
