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
        long[] call(HostCallContext context, long[] args);
    }
}
