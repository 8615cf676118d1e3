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

    @Override
    void close();
}
