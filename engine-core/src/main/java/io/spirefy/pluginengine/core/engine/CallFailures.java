package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.spi.WasmException;

/**
 * How a runtime's failure becomes the host's {@link PluginCallException}: its kind, and a message
 * that says what happened (the exception names plugin and function).
 */
final class CallFailures {

    /** The detail of a call stopped by its call tree's deadline rather than its own timeout. */
    static final String DEADLINE_PASSED = "the caller's deadline passed";

    private CallFailures() {
    }

    /** A failure the runtime classified; marks the instance broken unless the plugin only reported an error. */
    static PluginCallException translate(WasmException e, CallFrame frame, String ref, String function, long timeoutMillis,
                                         GuestOutputRecorder output) {
        CallFailure failure = switch (e.kind()) {
            case GUEST_ERROR -> CallFailure.PLUGIN_ERROR;
            case TRAP -> CallFailure.TRAP;
            case MEMORY_LIMIT -> CallFailure.MEMORY_LIMIT;
            case CANCELLED -> frame.timedOut() ? CallFailure.TIMEOUT : CallFailure.CLOSED;
            case NO_SUCH_FUNCTION -> CallFailure.NOT_FOUND;
            case LINK -> CallFailure.INSTANTIATION;
        };
        if (failure != CallFailure.PLUGIN_ERROR && failure != CallFailure.NOT_FOUND) frame.slot.markBroken();
        String detail = e.getMessage();
        if (failure == CallFailure.TIMEOUT) {
            detail = frame.deadlinePassed() ? DEADLINE_PASSED : "ran longer than the call timeout of " + timeoutMillis + " ms";
        } else if (failure == CallFailure.PLUGIN_ERROR && (detail == null || detail.isEmpty())) {
            detail = "returned non-zero without an error message";
        } else if (failure == CallFailure.TRAP) {
            detail = withStderr(detail, output);
        }
        return new PluginCallException(failure, ref, function, detail, e);
    }

    /**
     * A trap's message with the last lines the call wrote to stderr after it, one per line (contract
     * section 5: a Go panic's message is there): the first line stays the runtime's own, alike on
     * every runtime.
     */
    static String withStderr(String detail, GuestOutputRecorder output) {
        String tail = output.stderrTail();
        if (tail.isEmpty()) return detail;
        return detail + "\nthe last lines it wrote to stderr:\n" + tail;
    }

    /** Whatever a runtime let through unclassified (an Error above all): the call's failure, in words. */
    static PluginCallException unexpected(Throwable t, String ref, String function) {
        if (causedBy(t, StackOverflowError.class)) return new PluginCallException(CallFailure.TRAP, ref, function, "call stack exhausted", t);
        if (causedBy(t, OutOfMemoryError.class)) {
            return new PluginCallException(CallFailure.MEMORY_LIMIT, ref, function, "the JVM ran out of memory during the call", t);
        }
        return new PluginCallException(CallFailure.TRAP, ref, function, "the runtime failed: " + t, t);
    }

    static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (int depth = 0; t != null && depth < 32; t = t.getCause(), depth++) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }
}
