package io.spirefy.pluginengine.api.spi;

import io.spirefy.pluginengine.api.CodeCache;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * A WebAssembly runtime that runs Extism plugins, found through {@link java.util.ServiceLoader}.
 * The engine knows nothing of the runtime's own types: it compiles a module once, instantiates it
 * as often as it needs, and calls exports with bytes in and bytes out.
 *
 * <p>Implementations must be thread-safe at this level and at {@link WasmModule}; a
 * {@link WasmInstance} is used by one thread at a time.
 */
public interface WasmRuntime {

    /**
     * The name a host picks it by.
     *
     * @return e.g. {@code chicory}, {@code extism}; unique among runtimes
     */
    String name();

    /**
     * When the host names no runtime, the available one with the highest priority is used.
     *
     * @return the priority; higher wins
     */
    int priority();

    /**
     * Why this runtime cannot be used here (e.g. its native library is missing, and how to get
     * it), or empty when it can. Asked when the engine is built, so that an engine without a
     * usable runtime says so at {@code start()} rather than at its first call.
     *
     * @return the reason, a sentence for the host's user, or empty
     */
    Optional<String> unavailableReason();

    /**
     * Validates and compiles a module for repeated, cheap instantiation.
     *
     * @param spec the module's bytes, name and memory bound
     * @return the compiled module
     * @throws WasmException of kind {@link WasmException.Kind#LINK} when the bytes are not a valid module
     */
    WasmModule compile(ModuleSpec spec) throws WasmException;

    /**
     * Keeps compiled code in {@code cache} from now on (the engine calls this once, before the first
     * {@link #compile}). A runtime that keeps no compiled code, or keeps it its own way, documents
     * what it does with the folder. Each entry found corrupt, forged or stale is reported once to
     * {@code warnings} (a sentence naming the entry and why), then recompiled.
     *
     * @param cache    the cache the host configured
     * @param warnings where to report entries that were discarded
     */

    default void useCodeCache(CodeCache cache, Consumer<String> warnings) {
    }
}
