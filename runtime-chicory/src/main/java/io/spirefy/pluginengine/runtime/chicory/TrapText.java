package io.spirefy.pluginengine.runtime.chicory;

/**
 * A trap's reason as the first line of its message, in the words both runtimes can say: the native
 * runtime learns a trap's reason only from the instruction where it happened ({@code WasmTrapText}
 * there), so Chicory's own words are brought to the same first line and its details, which the
 * other runtime cannot know, go to the next.
 */
final class TrapText {

    private TrapText() {
    }

    static String of(String reason) {
        if (reason.equals("Trapped on unreachable instruction")) return "unreachable instruction executed";
        if (reason.startsWith("out of bounds memory access") && reason.length() > "out of bounds memory access".length()) {
            String details = reason.substring("out of bounds memory access".length()).replaceFirst("^[:;,]?\\s*", "");
            return "out of bounds memory access\n" + details;
        }
        return reason;
    }
}
