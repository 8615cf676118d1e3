package io.spirefy.pluginengine.api;

import java.util.Objects;

/** A call into a plugin failed. Names the plugin and the function, and says why in {@link #failure()}. */
public class PluginCallException extends PluginEngineException {

    private final CallFailure failure;
    private final String plugin;
    private final String function;
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

    public CallFailure failure() { return failure; }

    public String plugin() { return plugin; }

    public String function() { return function; }

    /** The message without the plugin and function prefix: what {@code GetLastError} returns to a plugin. */
    public String detail() { return detail == null ? getMessage() : detail; }
}
