package io.spirefy.pluginengine.api;

import io.spirefy.pluginengine.api.plugin.Version;

/**
 * One event as delivered to a Java listener.
 *
 * @param eventId      the event
 * @param eventVersion the version of the event declaration the listener resolved to
 * @param sender       {@code id@version} of the sending plugin, or {@value HostDeclarations#HOST_PLUGIN_ID}
 * @param payload      the bytes sent (JSON by convention); the array is the listener's own copy
 */
public record EventMessage(String eventId, Version eventVersion, String sender, byte[] payload) {
}
