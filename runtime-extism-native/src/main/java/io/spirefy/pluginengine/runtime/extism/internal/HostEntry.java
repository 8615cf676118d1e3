package io.spirefy.pluginengine.runtime.extism.internal;

/**
 * Where libextism's calls of our host functions arrive, whichever binding made the function
 * ({@link ExtismCalls#functionNew}). The runtime has one.
 */
public interface HostEntry {

    /**
     * {@code ExtismFunctionType} for host function {@code slot}: {@code void (ExtismCurrentPlugin*,
     * const ExtismVal*, ExtismSize, ExtismVal*, ExtismSize, void*)}, the user data left out. Must
     * never throw: nothing may cross back into native code.
     */
    void call(int slot, long currentPlugin, long inputs, long nInputs, long outputs, long nOutputs);

    /**
     * A Throwable thrown as a host function was entered, before {@link #call} could run (a
     * StackOverflowError in the binding's own frames): it must fail the thread's call. Must not throw.
     */
    void failedOnEntry(Throwable t);
}
