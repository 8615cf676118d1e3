/**
 * Java Flight Recorder events of the engine: plugin calls, compiles and instantiations
 * ({@code jfr print --events io.spirefy.pluginengine.PluginCall recording.jfr}).
 */
package io.spirefy.pluginengine.core.jfr;
