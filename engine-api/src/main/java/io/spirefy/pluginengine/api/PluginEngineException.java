package io.spirefy.pluginengine.api;

/** The root of the engine's errors: a host can catch this to catch them all. */
public class PluginEngineException extends RuntimeException {

    public PluginEngineException(String message) {
        super(message);
    }

    public PluginEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
