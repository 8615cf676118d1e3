package io.spirefy.pluginengine.api.spi;

import java.util.List;

/** A compiled module. Thread-safe; closing it frees what the runtime holds for it. */
public interface WasmModule extends AutoCloseable {

    /**
     * Makes a new instance with these host functions linked (the engine's and the host's). A
     * reactor's initializer ({@code _initialize}) has run once when this returns, and WASI
     * preview 1 is offered to modules that import it.
     *
     * @param hostFunctions new objects for this instance alone
     * @throws WasmException of kind {@link WasmException.Kind#LINK} when an import is unsatisfied
     *                       or initialization fails
     */
    WasmInstance instantiate(List<HostFunction> hostFunctions) throws WasmException;

    @Override
    void close();
}
