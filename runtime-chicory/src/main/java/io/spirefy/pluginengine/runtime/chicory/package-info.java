/**
 * The pure-JVM runtime on Chicory and chicory-sdk, found through ServiceLoader as
 * {@link io.spirefy.pluginengine.runtime.chicory.ChicoryRuntime} (the front door); hosts pick it by name
 * ({@code chicory}) and never call it directly.
 */
package io.spirefy.pluginengine.runtime.chicory;
