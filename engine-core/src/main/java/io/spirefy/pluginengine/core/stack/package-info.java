/**
 * Internal: how much stack the calling thread has left, behind
 * {@link io.spirefy.pluginengine.core.stack.StackProbe} (the front door). The C library calls it
 * needs go through {@code StackCalls}, bound by {@code StackBindings}: JNA on JDK 17-21 where the
 * host has JNA, the foreign-function API on JDK 22+ where the host grants native access (the
 * multi-release jar's {@code META-INF/versions/22}). The engine uses what it measures to run calls
 * where they stand instead of handing them to a thread of its own ({@code PluginCalls}).
 */
package io.spirefy.pluginengine.core.stack;
