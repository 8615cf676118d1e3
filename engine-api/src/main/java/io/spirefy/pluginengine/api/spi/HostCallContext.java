package io.spirefy.pluginengine.api.spi;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The calling instance's Extism memory, for a host function's body. Valid only during that call. */
public interface HostCallContext {

    /** The whole Extism memory block at {@code offset}; empty for offset 0. */
    byte[] read(long offset);

    /** Allocates a block in the caller's Extism memory, copies {@code bytes} in, returns its offset. */
    long write(byte[] bytes);

    /** {@link #read} as UTF-8. */
    default String readString(long offset) {
        return new String(read(offset), StandardCharsets.UTF_8);
    }

    /** {@link #write} of UTF-8. */
    default long writeString(String s) {
        return write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code id@version} of the calling plugin, when the engine knows it. */
    default Optional<String> caller() {
        return Optional.empty();
    }
}
