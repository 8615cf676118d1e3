package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;

/**
 * Why the output guard ({@code pluginengine-output.wat}) refused a guest's {@code output_set}:
 * thrown by the host function it reports through, so that the call fails with this kind and text
 * rather than as a failing host function. Past the memory limit is {@link Kind#MEMORY_LIMIT} (the
 * host could never be handed that much); within it but past the block, the guest broke the
 * Extism ABI: {@link WasmException#outputOutsideBlock}, a trap.
 */
final class RefusedOutput extends RuntimeException {

    private final transient WasmException failure;

    private RefusedOutput(WasmException failure) {
        super(failure.getMessage(), null, false, false); // no stack: it is only a message on its way to the call
        this.failure = failure;
    }

    /** The refusal of {@code output_set(offset, claimed)} where the block at offset holds {@code block} bytes. */
    static RefusedOutput of(long offset, long claimed, long block, long maxMemoryBytes) {
        if (Long.compareUnsigned(claimed, maxMemoryBytes) > 0) {
            return new RefusedOutput(new WasmException(Kind.MEMORY_LIMIT, "output_set of " + Long.toUnsignedString(claimed)
                    + " bytes is past the memory limit of " + maxMemoryBytes + " bytes"));
        }
        return new RefusedOutput(WasmException.outputOutsideBlock(offset, claimed, block, null));
    }

    WasmException toWasmException() {
        return failure;
    }
}
