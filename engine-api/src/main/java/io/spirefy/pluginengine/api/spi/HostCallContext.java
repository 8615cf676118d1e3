package io.spirefy.pluginengine.api.spi;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The calling instance's Extism memory, for a host function's body. Valid only during that call. */
public interface HostCallContext {

    /**
     * The whole Extism memory block at {@code offset}; empty for offset 0.
     *
     * @param offset a block's offset, as the plugin passed it
     * @return a copy of the block's bytes
     */
    byte[] read(long offset);

    /**
     * Allocates a block in the caller's Extism memory, copies {@code bytes} in, returns its offset.
     *
     * @param bytes what to give the plugin
     * @return the block's offset, to return to the plugin
     */
    long write(byte[] bytes);

    /**
     * {@link #read} as UTF-8.
     *
     * @param offset a block's offset, as the plugin passed it
     * @return the block's text
     */
    default String readString(long offset) {
        return new String(read(offset), StandardCharsets.UTF_8);
    }

    /**
     * {@link #write} of UTF-8.
     *
     * @param s the text to give the plugin
     * @return the block's offset, to return to the plugin
     */
    default long writeString(String s) {
        return write(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code id@version} of the calling plugin, when the engine knows it: for host functions that
     * answer each plugin differently.
     *
     * @return the caller's ref, or empty
     */

    default Optional<String> caller() {
        return Optional.empty();
    }
}
