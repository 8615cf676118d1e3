package io.spirefy.pluginengine.api;

import java.nio.file.Path;

/** A plugin folder the engine watches ({@link PluginEngine#watch}); closing it stops the watching, not the plugins. */
public interface PluginWatch extends AutoCloseable {

    /**
     * The folder watched.
     *
     * @return the folder, as given to {@link PluginEngine#watch}
     */
    Path folder();

    /** Stops watching; the plugins it loaded stay loaded. Waits for an action under way to end. */
    @Override
    void close();
}
