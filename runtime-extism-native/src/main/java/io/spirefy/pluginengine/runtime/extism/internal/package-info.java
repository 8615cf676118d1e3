/**
 * Internal: the binding to libextism's C API ({@link io.spirefy.pluginengine.runtime.extism.internal.LibExtism}),
 * how the library is found and loaded, and what the runtime reads from a module's bytes.
 */
package io.spirefy.pluginengine.runtime.extism.internal;
