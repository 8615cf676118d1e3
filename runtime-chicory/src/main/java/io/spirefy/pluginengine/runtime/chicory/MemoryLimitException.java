package io.spirefy.pluginengine.runtime.chicory;

/**
 * An instance's memory budget refused something (see {@link MemoryBudget}). Thrown from the Extism
 * kernel's entry points, so it unwinds through the guest's frames (and through the sdk) to the call or
 * the instantiation, which reports it as {@code MEMORY_LIMIT}.
 */
final class MemoryLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Whether the memories already hold more than the budget (the instance cannot recover). */
    private final boolean overrun;

    MemoryLimitException(String message, boolean overrun) {
        super(message, null, false, false); // the guest's Java stack says nothing useful
        this.overrun = overrun;
    }

    boolean overrun() {
        return overrun;
    }
}
