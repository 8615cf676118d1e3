package io.spirefy.pluginengine.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * A function the host offers to plugins, imported as {@code (namespace, name)}. Values cross as
 * {@code long}: an i32 in the low 32 bits, floats as their raw bits.
 *
 * @param namespace the import module, e.g. {@code extism:host/user}
 * @param name      the import name
 * @param params    parameter types
 * @param results   result types
 * @param body      what it does
 */
public record HostFunction(String namespace, String name, List<ValueType> params, List<ValueType> results, Body body) {

    /** The namespace Extism gives host functions that do not name one. */
    public static final String USER_NAMESPACE = "extism:host/user";

    /**
     * Checks the function and copies the type lists.
     *
     * @param namespace the import module, e.g. {@code extism:host/user}
     * @param name      the import name
     * @param params    parameter types
     * @param results   result types
     * @param body      what it does
     * @throws NullPointerException without a namespace, a name, a body or type lists
     */
    public HostFunction {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    /** The host function's code. Throwing makes the plugin's call fail with the exception's message. */
    @FunctionalInterface
    public interface Body {
        /**
         * Runs the function for one call from a plugin, on the plugin's calling thread.
         *
         * @param context the calling instance's memory, valid only during this call
         * @param args    one value per parameter type, encoded as the record says
         * @return one value per result type
         */
        long[] call(HostCallContext context, long[] args);

    }
}
