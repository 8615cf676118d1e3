package io.spirefy.pluginengine.core.resolve;

import io.spirefy.pluginengine.api.plugin.PluginDescriptor;

import java.util.Objects;

/**
 * One loaded plugin as the resolver sees it.
 *
 * @param descriptor   what it declares
 * @param loadSequence when it was loaded; only used to decide which of two conflicting
 *                     declarations is "the later one" (contract section 3)
 * @param held         why the host holds it out of resolution (stopped, failed), or {@code null}
 *                     when it may take part if its dependencies are met
 */
public record Candidate(PluginDescriptor descriptor, long loadSequence, String held) {

    public Candidate {
        Objects.requireNonNull(descriptor, "descriptor");
    }

    public String ref() {
        return descriptor.ref();
    }
}
