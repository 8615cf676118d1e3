package io.spirefy.pluginengine.api;

/** The root of the engine's errors: a host can catch this to catch them all. */
public class PluginEngineException extends RuntimeException {

    /**
     * An error without a cause.
     *
     * @param message what went wrong, naming what it concerns
     */
    public PluginEngineException(String message) {
        super(message);
    }

    /**
     * An error caused by another exception.
     *
     * @param message what went wrong, naming what it concerns
     * @param cause   the underlying exception
     */
    public PluginEngineException(String message, Throwable cause) {

        super(message, cause);
    }
}
