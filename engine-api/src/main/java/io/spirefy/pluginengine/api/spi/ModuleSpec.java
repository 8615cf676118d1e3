package io.spirefy.pluginengine.api.spi;

import java.util.Objects;

/**
 * What to compile.
 *
 * @param name           names the module in errors, e.g. {@code org.example.greeter@1.0.0}
 * @param wasm           the module's bytes (the runtime must not modify the array)
 * @param maxMemoryPages the most 64 KiB pages the plugin's memory may grow to
 */
public record ModuleSpec(String name, byte[] wasm, int maxMemoryPages) {

    public ModuleSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(wasm, "wasm");
        if (maxMemoryPages < 1) throw new IllegalArgumentException("maxMemoryPages must be positive");
    }
}
