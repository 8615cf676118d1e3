package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;
import io.spirefy.pluginengine.runtime.extism.internal.ModuleShape.FunctionType;

import java.util.Map;
import java.util.TreeSet;

/**
 * Why a caller may not call an export. libextism calls any export whatever its type (a
 * {@code (i64) -> i64} fails as if the guest had, "expected 1 arguments, got 0") and re-runs an
 * initializer, which breaks e.g. Go's runtime; so only {@code () -> i32} exports are called. The
 * words are the chicory runtime's ({@code ChicoryInstance#notCallable}), so that a command fails
 * alike on both.
 */
final class ExportRefusal {

    // The caller names the plugin and the function (WasmException): these say only what is wrong.
    static final String NO_SUCH = "the module exports no function of that name";
    static final String INITIALIZER = "it is the module's initializer, which runs once when an instance is made, never as a call";

    private ExportRefusal() {}

    static String wrongType(String type) {
        return "its type is " + type + ", but a plugin function takes nothing and returns i32";
    }

    /**
     * @param exports the guest's own function exports (before our rewrite renamed any), with their types
     */
    static WasmException of(String module, Map<String, FunctionType> exports, String function) {
        FunctionType type = exports.get(function);
        if (type == null) {
            return new WasmException(Kind.NO_SUCH_FUNCTION, NO_SUCH + " (its function exports: "
                    + String.join(", ", new TreeSet<>(exports.keySet())) + ")");
        }
        if (!type.extismCallable()) return new WasmException(Kind.NO_SUCH_FUNCTION, wrongType(type.toString()));
        // The right type, but our rewrite took the name: the initializer, run once per instance.
        return new WasmException(Kind.NO_SUCH_FUNCTION, INITIALIZER);
    }
}
