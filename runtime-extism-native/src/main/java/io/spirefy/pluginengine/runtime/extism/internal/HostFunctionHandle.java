package io.spirefy.pluginengine.runtime.extism.internal;

/**
 * A host function made by {@link ExtismCalls#functionNew}: its {@code ExtismFunction*} (0 when
 * libextism refused it) and the binding's object behind its C entry point (a JNA callback, an
 * upcall stub), which must stay reachable while any plugin linked to it lives.
 */
public record HostFunctionHandle(long address, Object keepAlive) {
}
