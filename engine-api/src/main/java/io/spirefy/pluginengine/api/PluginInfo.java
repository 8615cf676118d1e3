package io.spirefy.pluginengine.api;

import io.spirefy.pluginengine.api.plugin.PluginDescriptor;

/**
 * A loaded plugin as the engine sees it now.
 *
 * @param descriptor what its manifest declared
 * @param source     where it was loaded from
 * @param state      its lifecycle state
 * @param failure    why it is FAILED, or why it cannot start (a missing dependency), or {@code null}
 * @param signature  what its archive's signature proved (contract section 9)
 */
public record PluginInfo(PluginDescriptor descriptor, String source, PluginState state, String failure,
                         SignatureInfo signature) {

    public PluginInfo {
        java.util.Objects.requireNonNull(signature, "signature");
    }

    /** A plugin from an unsigned archive. */
    public PluginInfo(PluginDescriptor descriptor, String source, PluginState state, String failure) {
        this(descriptor, source, state, failure, SignatureInfo.UNSIGNED);
    }

    /** {@code id@version}. */
    /** {@code id@version}. */
    public String ref() { return descriptor.ref(); }

    /** The plugin's id, named as in the other {@code *Info} records. */
    public String pluginId() { return descriptor.id(); }

    /** The plugin's version, named as in the other {@code *Info} records. */
    public io.spirefy.pluginengine.api.plugin.Version pluginVersion() { return descriptor.version(); }
}
