package io.spirefy.pluginengine.core.contract;

/**
 * What an anchor expects of its hooks' payloads and responses.
 *
 * @param callSchema     the payload's schema, or null
 * @param responseSchema the response's schema, or null
 */
public record AnchorContract(PayloadSchema callSchema, PayloadSchema responseSchema) {
}
