package io.spirefy.pluginengine.core.contract;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;

import java.util.Comparator;
import java.util.Set;

/** One compiled JSON Schema: checks a payload's bytes and says where it fails. */
public final class PayloadSchema {

    /** How many violations a message lists: enough to act on, bounded for a hostile payload. */
    private static final int LISTED = 3;

    private final JsonSchema schema;

    PayloadSchema(JsonSchema schema) {
        this.schema = schema;
    }

    /**
     * Null when {@code json} is a JSON document the schema accepts; otherwise what is wrong, naming
     * the value's location and the schema path that rejects it. An empty payload is not a JSON
     * document, so a schema always rejects it.
     */
    public String violation(byte[] json) {
        JsonNode node;
        try {
            node = json.length == 0 ? null : SchemaCompiler.MAPPER.readTree(json);
        } catch (JacksonException e) {
            return "at $ (schema path $): not JSON: " + e.getOriginalMessage();
        } catch (java.io.IOException e) {
            return "at $ (schema path $): not JSON: " + e.getMessage();
        }
        if (node == null) return "at $ (schema path $): empty, not a JSON document";
        Set<ValidationMessage> messages = schema.validate(node);
        return messages.isEmpty() ? null : describe(messages);
    }

    static String describe(Set<ValidationMessage> messages) {
        StringBuilder out = new StringBuilder();
        // Sorted: a set's order would make the same failure read differently from run to run.
        messages.stream().sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                        .thenComparing(m -> m.getEvaluationPath().toString())).limit(LISTED)
                .forEach(m -> {
                    if (!out.isEmpty()) out.append("; ");
                    out.append("at ").append(m.getInstanceLocation()).append(" (schema path ").append(m.getEvaluationPath())
                            .append("): ").append(withoutLocation(m));
                });
        if (messages.size() > LISTED) out.append("; and ").append(messages.size() - LISTED).append(" more");
        return out.toString();
    }

    /** The validator's message starts with the instance location, which the caller already names. */
    private static String withoutLocation(ValidationMessage m) {
        String text = m.getMessage();
        String prefix = m.getInstanceLocation() + ": ";
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }
}
