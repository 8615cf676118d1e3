/**
 * For hosts: {@link io.spirefy.pluginengine.core.PluginEngines} is the one entry point to the engine;
 * everything else of engine-core is internal.
 */
package io.spirefy.pluginengine.core;
