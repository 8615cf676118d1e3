package io.spirefy.pluginengine.api.spi;

import java.util.List;

/** A compiled module. Thread-safe; closing it frees what the runtime holds for it. */
public interface WasmModule extends AutoCloseable {

    /**
     * Makes a new instance with these host functions linked (the engine's and the host's). A
     * reactor's initializer ({@code _initialize}) and the module's start section have run once when
     * this returns, and WASI preview 1 is offered to modules that import it.
     *
     * <p>That guest code runs under the engine's clock: when {@code cancellation} is cancelled the
     * runtime stops it as soon as it can and throws {@link WasmException.Kind#CANCELLED}. Any
     * {@link Throwable} the guest code provokes (an {@code OutOfMemoryError}, a
     * {@code StackOverflowError}) is thrown as a {@link WasmException}, never as itself.
     *
     * @param hostFunctions new objects for this instance alone
     * @param cancellation  cancelled by the engine when instantiation outlives its time
     * @return the instance, ready for calls
     * @throws WasmException of kind {@link WasmException.Kind#LINK} when an import is unsatisfied
     *                       or initialization fails, {@link WasmException.Kind#CANCELLED} when cancelled
     */
    WasmInstance instantiate(List<HostFunction> hostFunctions, Cancellation cancellation) throws WasmException;

    /**
     * {@link #instantiate(List, Cancellation)}, with what the instance's guest code logs and writes
     * to WASI stdout and stderr passed to {@code output} as it comes. The default drops it: a
     * runtime that can route guest output overrides this and documents what it cannot route.
     *
     * @param hostFunctions new objects for this instance alone
     * @param cancellation  cancelled by the engine when instantiation outlives its time
     * @param output        where the instance's guest output goes, for as long as it lives
     * @return the instance, ready for calls
     * @throws WasmException as {@link #instantiate(List, Cancellation)}
     */
    default WasmInstance instantiate(List<HostFunction> hostFunctions, Cancellation cancellation, GuestOutput output)
            throws WasmException {
        return instantiate(hostFunctions, cancellation);
    }

    /**
     * {@link #instantiate(List, Cancellation)} with no clock: for tools and tests, never for plugin code the host did not write.
     *
     * @param hostFunctions new objects for this instance alone
     * @return the instance, ready for calls
     * @throws WasmException as {@link #instantiate(List, Cancellation)}, never CANCELLED
     */
    default WasmInstance instantiate(List<HostFunction> hostFunctions) throws WasmException {
        return instantiate(hostFunctions, Cancellation.none());
    }

    /**
     * The most thread stack one entry into an instance of this module can take, measured from
     * where the entry starts: its guest code however deep it recurses, the runtime's own frames,
     * and one host function called at the deepest point (the host function's own work beyond
     * calling back into the engine excluded). The engine runs a nested call on the calling
     * thread instead of on a fresh stack only when it can reserve this much for each level; a
     * runtime that cannot bound it (a guest may recurse until the thread's stack runs out)
     * returns -1, the default, and every nested call into it gets a fresh stack.
     *
     * @return bytes, or -1 when the runtime cannot bound it
     */
    default long stackBytesPerEntry() {
        return -1;
    }

    @Override
    void close();
}
