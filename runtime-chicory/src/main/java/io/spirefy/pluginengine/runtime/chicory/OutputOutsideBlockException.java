package io.spirefy.pluginengine.runtime.chicory;

/**
 * A guest's {@code output_set} that {@link KernelGuard} refused: the range does not lie within the
 * Extism block it starts at. Thrown from the kernel's entry point, so it unwinds to the call, which
 * reports it as a trap, in the native runtime's words.
 */
final class OutputOutsideBlockException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param block the length of the block at {@code offset}; 0 where none starts */
    OutputOutsideBlockException(long offset, long bytes, long block) {
        super(message(offset, bytes, block), null, false, false); // the guest's Java stack says nothing useful
    }

    private static String message(long offset, long bytes, long block) {
        String output = "output_set of " + Long.toUnsignedString(bytes) + " bytes";
        String at = "offset " + Long.toUnsignedString(offset);
        if (block == 0) return output + " at " + at + ", which is no Extism block";
        return output + " is larger than its block of " + Long.toUnsignedString(block) + " bytes (at " + at + ")";
    }
}
