package io.spirefy.pluginengine.api;

/**
 * How the host application appears among plugins: anchors, events and Java listeners it declares
 * belong to a plugin with this reserved id, so they resolve and order by the same rules.
 */
public final class HostDeclarations {

    /** The plugin id of the host's own declarations; no archive may use it. */
    public static final String HOST_PLUGIN_ID = "host";

    private HostDeclarations() {
    }
}
