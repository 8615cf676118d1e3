package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;

/**
 * Reads libextism's text for a wasm trap. libextism 1.41 reports only the outermost message of
 * wasmtime's error, "error while executing at wasm backtrace:" and the frames; the trap's reason
 * ("call stack exhausted", "unreachable") is not in it. One reason can still be told: wasmtime
 * checks the stack in a function's prologue, before any of its instructions, so on stack
 * exhaustion the innermost frame has no code offset ({@code 0: <unknown>!<wasm function 12>}),
 * while every other trap happens at an instruction ({@code 0: 0x234 - ...}).
 */
final class WasmTrapText {

    /** Frames kept in a message; libextism prints up to 20, recursion makes them all alike. */
    static final int KEPT_FRAMES = 5;

    private WasmTrapText() {}

    static WasmException exception(String error) {
        String[] lines = error.split("\n");
        if (stackExhausted(lines)) {
            return new WasmException(Kind.TRAP, "call stack exhausted (wasm recursion too deep); " + trimmed(lines));
        }
        return new WasmException(Kind.TRAP, "trapped: " + trimmed(lines));
    }

    static boolean stackExhausted(String[] lines) {
        if (lines.length < 2 || !lines[0].contains("wasm backtrace")) return false;
        String frame0 = lines[1].trim();
        return frame0.startsWith("0:") && !frame0.substring(2).trim().startsWith("0x");
    }

    private static String trimmed(String[] lines) {
        if (lines.length <= KEPT_FRAMES + 1) return String.join("\n", lines);
        StringBuilder b = new StringBuilder(lines[0]);
        for (int i = 1; i <= KEPT_FRAMES; i++) b.append('\n').append(lines[i]);
        return b.append("\n    ... ").append(lines.length - 1 - KEPT_FRAMES).append(" more frames").toString();
    }
}
