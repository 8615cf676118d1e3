package io.spirefy.pluginengine.runtime.chicory;

import io.spirefy.pluginengine.api.spi.WasmException;

/**
 * A guest's {@code output_set} that {@link KernelGuard} refused: the range does not lie within the
 * Extism block it starts at. Thrown from the kernel's entry point, so it unwinds to the call, which
 * reports it as {@link WasmException#outputOutsideBlock}, as the native runtime does.
 */
final class OutputOutsideBlockException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long offset;
    private final long bytes;
    private final long block;

    /** @param block the length of the block at {@code offset}; 0 where none starts */
    OutputOutsideBlockException(long offset, long bytes, long block) {
        // No stack: the guest's Java stack says nothing useful.
        super(WasmException.outputOutsideBlock(offset, bytes, block, null).getMessage(), null, false, false);
        this.offset = offset;
        this.bytes = bytes;
        this.block = block;
    }

    WasmException toWasmException(Throwable cause) {
        return WasmException.outputOutsideBlock(offset, bytes, block, cause);
    }
}
