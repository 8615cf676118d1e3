package io.spirefy.pluginengine.api;

/**
 * A Java listener added with {@link PluginEngine#addListener}; closing it removes the listener.
 * Closing twice does nothing.
 */
@FunctionalInterface
public interface ListenerRegistration extends AutoCloseable {

    /** Removes the listener; throws nothing checked. */
    @Override
    void close();
}
