package io.spirefy.pluginengine.core.imports;

import io.spirefy.pluginengine.api.spi.ValueType;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A function's type as wasm text names its value types ({@code i32}, {@code i64}, {@code f32},
 * {@code f64}, {@code v128}, {@code funcref}, ...), so that types host functions cannot have
 * still compare, and still print, in a reason.
 */
public record FunctionType(List<String> params, List<String> results) {

    public FunctionType {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    /** The type of a host function with these engine-api value types. */
    public static FunctionType of(List<ValueType> params, List<ValueType> results) {
        return new FunctionType(names(params), names(results));
    }

    private static List<String> names(List<ValueType> types) {
        return types.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
    }

    @Override
    public String toString() {
        return "(" + String.join(", ", params) + ") -> "
                + (results.size() == 1 ? results.get(0) : results.stream().collect(Collectors.joining(", ", "(", ")")));
    }
}
