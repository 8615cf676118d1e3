package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.Problem;

/**
 * Where the parts that make and run instances report what they cannot fix themselves: a plugin
 * whose own fault means it can no longer run, and problems for the host. Implemented by the
 * {@link PluginRegistry}, the only writer of plugin state.
 */
interface PluginFailures {

    /** Puts the plugin in FAILED with {@code reason}, unless it is gone or failed already. */
    void fail(PluginEntry entry, String reason);

    /** Tells the host of a problem that fails nothing. */
    void report(Problem problem);
}
