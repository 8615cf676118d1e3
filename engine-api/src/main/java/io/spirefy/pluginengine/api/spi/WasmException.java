package io.spirefy.pluginengine.api.spi;

import io.spirefy.pluginengine.api.PluginEngineException;

import java.util.Objects;

/**
 * A runtime's failure, classified so that the engine can report it without knowing the runtime.
 * For failures of a call the message says what happened ("trapped: unreachable instruction"), not
 * where: the caller, which knows the plugin and the function, names them (so the engine's messages
 * do not say it twice).
 */
public class WasmException extends PluginEngineException {

    /** What went wrong. */
    public enum Kind {
        /** Invalid module, unsatisfied import, or failed instantiation/initialization. */
        LINK,
        /** The export returned non-zero; the message is its {@code error_set} text (may be empty). */
        GUEST_ERROR,
        /** The module trapped. */
        TRAP,
        /** Memory growth past the limit. */
        MEMORY_LIMIT,
        /** Stopped by {@link WasmInstance#cancel()}. */
        CANCELLED,
        /** No export of that name. */
        NO_SUCH_FUNCTION
    }

    /** What went wrong. */
    private final Kind kind;

    /**
     * A failure without a cause.
     *
     * @param kind    what went wrong
     * @param message what happened, without naming the plugin or function
     */
    public WasmException(Kind kind, String message) {
        this(kind, message, null);
    }

    /**
     * A failure caused by the runtime's own exception.
     *
     * @param kind    what went wrong
     * @param message what happened, without naming the plugin or function
     * @param cause   the runtime's exception, or {@code null}
     */
    public WasmException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
    }

    /**
     * What went wrong, which the engine maps to a {@link io.spirefy.pluginengine.api.CallFailure}.
     *
     * @return the kind
     */
    public Kind kind() { return kind; }

    /**
     * The failure of a guest's {@code output_set} whose range does not lie within the Extism block
     * it starts at (the Extism ABI): a {@link Kind#TRAP}, worded the same by every runtime, so that a
     * plugin author reads one message whichever runtime refused it.
     *
     * @param offset where the output starts
     * @param bytes  the length the guest claimed
     * @param block  the length of the block at {@code offset}; 0 where none starts
     * @param cause  the runtime's exception, or {@code null}
     * @return the failure
     */
    public static WasmException outputOutsideBlock(long offset, long bytes, long block, Throwable cause) {
        String output = "output_set of " + Long.toUnsignedString(bytes) + " bytes";
        String at = "offset " + Long.toUnsignedString(offset);
        String message = block == 0 ? output + " at " + at + ", which is no Extism block"
                : output + " is larger than its block of " + Long.toUnsignedString(block) + " bytes (at " + at + ")";
        return new WasmException(Kind.TRAP, message, cause);
    }

}
