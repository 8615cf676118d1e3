/**
 * Internal: the engine itself, behind {@link io.spirefy.pluginengine.core.engine.EngineBuilder} (the front
 * door, reached through {@code PluginEngines.builder()}). The facade {@code DefaultPluginEngine} hands
 * each request to its collaborator: {@code PluginRegistry} (plugins, resolution), {@code PluginLifecycle} (their states),
 * {@code PluginCalls} (the call path and its limits), {@code EventBus}, {@code InstancePool} and
 * {@code InstanceFactory} (instances), {@code Modules} (compiling), {@code HostFunctions},
 * {@code TimeoutWatchdog} (timeouts) and {@code FreshStacks} (nested calls on fresh stacks).
 */
package io.spirefy.pluginengine.core.engine;
