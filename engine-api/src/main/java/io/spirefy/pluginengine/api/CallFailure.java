package io.spirefy.pluginengine.api;

/** Why a call into a plugin failed: what a host can act on. */
public enum CallFailure {
    /** The function returned non-zero; the message is the plugin's own {@code error_set} text. */
    PLUGIN_ERROR,
    /** The module trapped (unreachable, out-of-bounds access, stack overflow...). */
    TRAP,
    /** The call ran past its timeout or the caller's deadline and was stopped. */
    TIMEOUT,
    /** The module tried to grow its memory past the limit. */
    MEMORY_LIMIT,
    /** Nested calls went deeper than the call-depth limit. */
    CALL_DEPTH,
    /** No such plugin, hook, event or exported function. */
    NOT_FOUND,
    /** The hook exists but is not resolved to an anchor, or its plugin is not started. */
    INACTIVE,
    /** The module could not be compiled, linked or instantiated, or its {@code start} failed. */
    INSTANTIATION,
    /** The engine is closed or the plugin is being unloaded. */
    CLOSED,
    /**
     * The payload does not match the schema its anchor ({@code callSchema}) or event
     * ({@code schema}) declares, so it was not delivered (contract section 10).
     */
    INVALID_PAYLOAD,
    /** The hook's response does not match its anchor's {@code responseSchema} (contract section 10). */
    INVALID_RESPONSE
}
