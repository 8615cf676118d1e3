package io.spirefy.pluginengine.api.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What to compile, and the bounds every instance of it lives under.
 *
 * @param name           names the module in errors, e.g. {@code org.example.greeter@1.0.0}
 * @param wasm           the module's bytes (the runtime must not modify the array)
 * @param maxMemoryPages the most 64 KiB pages one instance may make the host hold: the module's own
 *                       linear memory and the Extism kernel's memory (inputs, outputs, blocks from
 *                       {@code alloc}) together; past it a grow is refused and an output too large
 *                       fails the call with {@link WasmException.Kind#MEMORY_LIMIT}
 * @param compileTimeout how long {@link WasmRuntime#compile} may take; a runtime that cannot finish
 *                       in time runs what it can interpreted, or fails with
 *                       {@link WasmException.Kind#LINK} saying so
 */
public record ModuleSpec(String name, byte[] wasm, int maxMemoryPages, Duration compileTimeout) {

    /** The compile timeout when none is given. */
    public static final Duration DEFAULT_COMPILE_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Checks the bounds; the array is not copied, to spare a copy of a large module.
     *
     * @param name           names the module in errors, e.g. {@code org.example.greeter@1.0.0}
     * @param wasm           the module's bytes (the runtime must not modify the array)
     * @param maxMemoryPages the most 64 KiB pages one instance may make the host hold: the module's own
     *                       linear memory and the Extism kernel's memory (inputs, outputs, blocks from
     *                       {@code alloc}) together; past it a grow is refused and an output too large
     *                       fails the call with {@link WasmException.Kind#MEMORY_LIMIT}
     * @param compileTimeout how long {@link WasmRuntime#compile} may take; a runtime that cannot finish
     *                       in time runs what it can interpreted, or fails with
     *                       {@link WasmException.Kind#LINK} saying so
     * @throws NullPointerException     without a name, bytes or a compile timeout
     * @throws IllegalArgumentException for memory pages or a compile timeout that is not positive
     */
    public ModuleSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(wasm, "wasm");
        Objects.requireNonNull(compileTimeout, "compileTimeout");
        if (maxMemoryPages < 1) throw new IllegalArgumentException("maxMemoryPages must be positive");
        if (compileTimeout.isNegative() || compileTimeout.isZero()) {
            throw new IllegalArgumentException("compileTimeout must be positive");
        }
    }

    /**
     * A spec with the {@link #DEFAULT_COMPILE_TIMEOUT}.
     *
     * @param name           names the module in errors
     * @param wasm           the module's bytes
     * @param maxMemoryPages the most 64 KiB pages one instance may make the host hold
     */
    public ModuleSpec(String name, byte[] wasm, int maxMemoryPages) {
        this(name, wasm, maxMemoryPages, DEFAULT_COMPILE_TIMEOUT);
    }

    /**
     * {@link #maxMemoryPages} in bytes.
     *
     * @return pages x 64 KiB
     */

    public long maxMemoryBytes() {
        return maxMemoryPages * 65536L;
    }
}
