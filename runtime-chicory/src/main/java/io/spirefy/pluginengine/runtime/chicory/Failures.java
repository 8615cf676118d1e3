package io.spirefy.pluginengine.runtime.chicory;

/** Reading what a {@link Throwable} from guest code means: shared by calls and instantiation. */
final class Failures {

    static final String STACK_EXHAUSTED = "call stack exhausted";
    static final String JVM_OUT_OF_MEMORY = "the JVM ran out of memory while the plugin ran";

    /** How deep a cause chain is followed (the sdk and Chicory wrap a few times at most). */
    private static final int MAX_DEPTH = 32;

    private Failures() {
    }

    /** The first of {@code failure} and its causes that is a {@code type}, or null. */
    static <T extends Throwable> T causedBy(Throwable failure, Class<T> type) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * What happened, in words: an exception's message, or for an {@link Error} (whose class is the
     * point, e.g. {@code NoClassDefFoundError}) its class and message.
     */
    static String reason(Throwable failure) {
        if (failure instanceof Error || failure.getMessage() == null) {
            String message = failure.getMessage();
            return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        }
        return failure.getMessage();
    }
}
