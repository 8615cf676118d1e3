package io.spirefy.pluginengine.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** JSON text of plain maps, lists and scalars: all the CLI ever prints as JSON. */
public final class Json {

    private static final ObjectMapper COMPACT = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    public static String compact(Object value) {
        return write(COMPACT, value);
    }

    public static String pretty(Object value) {
        return write(PRETTY, value);
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Only maps, lists, strings, numbers and booleans reach here; they always serialize.
            throw new IllegalStateException("could not write JSON", e);
        }
    }
}
