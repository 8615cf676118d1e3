package io.spirefy.pluginengine.core.contract;

/** A schema that cannot be used: not valid against its dialect's meta-schema, or not compilable. */
public final class SchemaException extends Exception {

    SchemaException(String message) {
        super(message, null, false, false);
    }
}
