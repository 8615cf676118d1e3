package io.spirefy.pluginengine.runtime.chicory;

/**
 * A host function's body failed. It unwinds through the guest's frames so that the plugin's call fails
 * with the body's message (rather than as an anonymous trap).
 */
final class HostFunctionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String function;

    HostFunctionException(String function, Throwable cause) {
        super(cause instanceof Error ? Failures.reason(cause)
                : cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        this.function = function;
    }

    HostFunctionException(String function, String message) {
        super(message);
        this.function = function;
    }

    /** {@code namespace::name} of the failed host function. */
    String function() {
        return function;
    }
}
