package io.spirefy.pluginengine.api;

import java.util.Objects;

/** A call into a plugin failed. Names the plugin and the function, and says why in {@link #failure()}. */
public class PluginCallException extends PluginEngineException {

    /** Why the call failed. */
    private final CallFailure failure;
    /** The plugin's ref, or what the caller named; may be {@code null}. */
    private final String plugin;
    /** The function or hook ref; may be {@code null}. */
    private final String function;
    /** The message without the plugin and function prefix; may be {@code null}. */
    private final String detail;

    /**
     * @param failure  why
     * @param plugin   {@code id@version}, or the ref or id the caller named when nothing matched
     * @param function the exported function or hook ref, or {@code null}
     * @param detail   the message on its own (for a plugin error, the plugin's {@code error_set} text)
     */
    public PluginCallException(CallFailure failure, String plugin, String function, String detail) {
        this(failure, plugin, function, detail, null);
    }

    /**
     * A failure with its cause, for failures that come from a runtime's exception.
     *
     * @param failure  why
     * @param plugin   {@code id@version}, or the ref or id the caller named when nothing matched
     * @param function the exported function or hook ref, or {@code null}
     * @param detail   the message on its own
     * @param cause    what the runtime threw, or {@code null}
     */
    public PluginCallException(CallFailure failure, String plugin, String function, String detail, Throwable cause) {
        super(describe(failure, plugin, function, detail), cause);
        this.failure = Objects.requireNonNull(failure);
        this.plugin = plugin;
        this.function = function;
        this.detail = detail;
    }

    private static String describe(CallFailure failure, String plugin, String function, String detail) {
        String where = plugin == null ? "" : plugin + (function == null ? "" : " " + function);
        String what = switch (failure) {
            case PLUGIN_ERROR -> "failed";
            case TRAP -> "trapped";
            case TIMEOUT -> "timed out";
            case MEMORY_LIMIT -> "exceeded its memory limit";
            case CALL_DEPTH -> "exceeded the call-depth limit";
            case NOT_FOUND -> "not found";
            case INACTIVE -> "is not active";
            case INSTANTIATION -> "could not be instantiated";
            case CLOSED -> "is closed";
            case INVALID_PAYLOAD -> "was not called";
            case INVALID_RESPONSE -> "answered an invalid response";
        };
        return (where.isEmpty() ? "" : where + ": ") + what + (detail == null || detail.isEmpty() ? "" : ": " + detail);
    }

    /**
     * Why the call failed: what a host branches on rather than parsing the message.
     *
     * @return the kind of failure
     */
    public CallFailure failure() { return failure; }

    /**
     * The plugin called.
     *
     * @return {@code id@version}, or the ref or id the caller named when nothing matched; may be {@code null}
     */
    public String plugin() { return plugin; }

    /**
     * The function called.
     *
     * @return the exported function or hook ref, or {@code null}
     */
    public String function() { return function; }

    /**
     * The message without the plugin and function prefix: what {@code GetLastError} returns to a plugin.
     *
     * @return the detail, or the whole message when there is none
     */

    public String detail() { return detail == null ? getMessage() : detail; }
}
