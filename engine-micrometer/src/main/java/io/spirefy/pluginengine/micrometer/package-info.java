/** Micrometer meters for a PluginEngine's metrics: see {@link io.spirefy.pluginengine.micrometer.PluginEngineMeterBinder}. */
package io.spirefy.pluginengine.micrometer;
