package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.PluginCallException;

/**
 * A call found a plugin that was replaced before the call got an instance of it: nothing ran, so
 * the call looks again and runs on the replacement (contract section 7: never neither). Reaches
 * the host only when plugins keep being replaced under one call faster than it can look.
 */
final class ReplacedMeanwhile extends PluginCallException {

    ReplacedMeanwhile(PluginEntry entry, String function) {
        super(CallFailure.CLOSED, entry.ref(), function, "the plugin was replaced by " + entry.replacement().ref()
                + " while the call was starting");
    }
}
