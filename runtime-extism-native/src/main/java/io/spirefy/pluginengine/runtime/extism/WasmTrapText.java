package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;

/**
 * Reads libextism's text for a wasm trap. libextism 1.41 reports only the outermost message of
 * wasmtime's error, "error while executing at wasm backtrace:" and the frames; the trap's reason
 * ("call stack exhausted", "unreachable") is not in it. It can still be told, most of the time, from
 * where the trap happened:
 * <ul>
 *   <li>wasmtime checks the stack in a function's prologue, before any of its instructions, so on
 *       stack exhaustion the innermost frame has no code offset ({@code 0: <unknown>!<wasm function 12>});</li>
 *   <li>every other trap happens at an instruction ({@code 0: 0x234 - ...}), an offset into the
 *       module's bytes: the instruction there says why (an {@code unreachable}, a load or store, a
 *       division).</li>
 * </ul>
 * The first line is the reason in the chicory runtime's words ({@code TrapText} there), so that a
 * trap reads alike on both; the backtrace follows on the next lines. A trap whose instruction says
 * nothing certain (an indirect call, a conversion, a division that may be an overflow) is
 * "wasm trap at <instruction>".
 */
final class WasmTrapText {

    /** Frames kept in a message; libextism prints up to 20, recursion makes them all alike. */
    static final int KEPT_FRAMES = 5;

    private WasmTrapText() {}

    static WasmException exception(String error, byte[] code) {
        String[] lines = error.split("\n");
        if (stackExhausted(lines)) return new WasmException(Kind.TRAP, "call stack exhausted\n" + trimmed(lines));
        return new WasmException(Kind.TRAP, reason(lines, code) + "\n" + trimmed(lines));
    }

    static boolean stackExhausted(String[] lines) {
        if (lines.length < 2 || !lines[0].contains("wasm backtrace")) return false;
        String frame0 = lines[1].trim();
        return frame0.startsWith("0:") && !frame0.substring(2).trim().startsWith("0x");
    }

    /** What the instruction at the innermost frame's offset says about the trap. */
    static String reason(String[] lines, byte[] code) {
        if (lines.length < 2 || !lines[0].contains("wasm backtrace")) return "wasm trap";
        String frame0 = lines[1].trim();
        if (!frame0.startsWith("0:")) return "wasm trap";
        String rest = frame0.substring(2).trim();
        if (!rest.startsWith("0x")) return "wasm trap";
        int end = rest.indexOf(' ');
        long offset;
        try {
            offset = Long.parseLong(end < 0 ? rest.substring(2) : rest.substring(2, end), 16);
        } catch (NumberFormatException e) {
            return "wasm trap";
        }
        if (offset < 0 || offset >= code.length) return "wasm trap";
        int op = code[(int) offset] & 0xFF;
        if (op == 0x00) return "unreachable instruction executed";
        if (op >= 0x28 && op <= 0x3e) return "out of bounds memory access";
        if (op == 0xfc && offset + 1 < code.length) {
            int sub = code[(int) offset + 1] & 0xFF;
            if (sub >= 0x08 && sub <= 0x0b) return "out of bounds memory access"; // memory.init, copy, fill
        }
        if (op == 0x6e || op == 0x70 || op == 0x80 || op == 0x82) return "integer divide by zero"; // unsigned div, rem
        return String.format("wasm trap at instruction 0x%02x", op);
    }

    private static String trimmed(String[] lines) {
        if (lines.length <= KEPT_FRAMES + 1) return String.join("\n", lines);
        StringBuilder b = new StringBuilder(lines[0]);
        for (int i = 1; i <= KEPT_FRAMES; i++) b.append('\n').append(lines[i]);
        return b.append("\n    ... ").append(lines.length - 1 - KEPT_FRAMES).append(" more frames").toString();
    }
}
