package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;

/**
 * Why the output guard ({@code pluginengine-output.wat}) refused a guest's {@code output_set}:
 * thrown by the host function it reports through, so that the call fails with this kind and text
 * rather than as a failing host function. Past the memory limit is {@link Kind#MEMORY_LIMIT} (the
 * host could never be handed that much); within it but past the block, the guest broke the
 * Extism ABI: {@link Kind#TRAP}.
 */
final class RefusedOutput extends RuntimeException {

    private final Kind kind;

    private RefusedOutput(Kind kind, String message) {
        super(message, null, false, false); // no stack: it is only a message on its way to the call
        this.kind = kind;
    }

    /** The refusal of {@code output_set(offset, claimed)} where the block at offset holds {@code block} bytes. */
    static RefusedOutput of(long offset, long claimed, long block, long maxMemoryBytes) {
        String bytes = "output_set of " + Long.toUnsignedString(claimed) + " bytes";
        if (Long.compareUnsigned(claimed, maxMemoryBytes) > 0) {
            return new RefusedOutput(Kind.MEMORY_LIMIT, bytes + " is past the memory limit of " + maxMemoryBytes + " bytes");
        }
        String at = "offset " + Long.toUnsignedString(offset);
        if (block == 0) return new RefusedOutput(Kind.TRAP, bytes + " at " + at + ", which is no Extism block");
        return new RefusedOutput(Kind.TRAP, bytes + " is larger than its block of " + Long.toUnsignedString(block)
                + " bytes (at " + at + ")");
    }

    WasmException toWasmException() {
        return new WasmException(kind, getMessage());
    }
}
