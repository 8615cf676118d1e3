/**
 * The native runtime on libextism, found through ServiceLoader as
 * {@link io.spirefy.pluginengine.runtime.extism.ExtismNativeRuntime} (the front door); hosts pick it by
 * name ({@code extism}) and never call it directly.
 */
package io.spirefy.pluginengine.runtime.extism;
