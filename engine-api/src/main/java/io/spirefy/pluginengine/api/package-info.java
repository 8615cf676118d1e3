/**
 * The API a host application embeds the engine through. For hosts: the front door is
 * {@link io.spirefy.pluginengine.api.PluginEngine} (obtained from {@code PluginEngines.builder()} in
 * engine-core); what it reports comes back as the records here ({@link io.spirefy.pluginengine.api.PluginInfo},
 * {@link io.spirefy.pluginengine.api.HookInfo}...), and what fails as types a host can act on
 * ({@link io.spirefy.pluginengine.api.PluginCallException} with its {@link io.spirefy.pluginengine.api.CallFailure}).
 * The threads to call it from, where the host can choose: {@link io.spirefy.pluginengine.api.CallerThreads}.
 * The contract behind it is docs/CONTRACT.md.
 */
package io.spirefy.pluginengine.api;
