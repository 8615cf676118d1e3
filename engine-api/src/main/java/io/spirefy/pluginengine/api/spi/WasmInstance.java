package io.spirefy.pluginengine.api.spi;

/**
 * One instance of a module. Not thread-safe and not re-entrant: the engine never lets two calls
 * use it at the same time. {@link #cancel()} is the exception: any thread may call it.
 */
public interface WasmInstance extends AutoCloseable {

    /**
     * Whether the module exports a function of this name: the engine asks before calling optional
     * exports such as {@code start} and {@code stop}.
     *
     * @param name the export's name
     * @return {@code true} when it is exported
     */
    boolean hasFunction(String name);

    /**
     * Calls an Extism export {@code () -> i32} with {@code input} as its input.
     *
     * @param function the export's name
     * @param input    the call's input, read by the guest through the Extism kernel
     * @return the output it set, empty if none
     * @throws WasmException of kind GUEST_ERROR (non-zero return, with the {@code error_set}
     *                       text), TRAP, MEMORY_LIMIT, or CANCELLED after {@link #cancel()}
     */
    byte[] call(String function, byte[] input) throws WasmException;

    /**
     * Stops the call running on this instance as soon as the runtime can; it fails with
     * {@link WasmException.Kind#CANCELLED}. Does nothing when no call is running. After a
     * cancelled call the engine discards the instance.
     */
    void cancel();

    /**
     * The bytes this instance makes the host hold now: its linear memory and the Extism kernel's.
     * Wasm memory never shrinks, so after a call that needed much of it the engine discards the
     * instance rather than keep that peak idle in its pool. {@code -1} when the runtime cannot tell
     * (the instance is then kept).
     *
     * @return the bytes held, or {@code -1}
     */

    default long memoryBytes() {
        return -1;
    }

    @Override
    void close();
}
