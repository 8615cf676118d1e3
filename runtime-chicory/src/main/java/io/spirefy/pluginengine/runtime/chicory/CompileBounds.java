package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which functions are too big for Chicory's compiler to be worth the wait: they run in its interpreter
 * instead, the rest of the module stays compiled (contract section 7: a module whose compile would not
 * end in time runs interpreted where it can).
 *
 * <p>Why these two measures: compile time grows faster than linearly with a function's size (ASM
 * computes frames over the whole method, and redoes a method whose jumps grew too long), and a
 * {@code br_table} becomes a JVM {@code tableswitch} plus a label per target. A function that big
 * would mostly not fit the JVM's 64 KiB method limit anyway, and then Chicory falls back to the
 * interpreter itself, but only after compiling it. Ordinary code is far below both bounds.
 *
 * @param maxInstructions       a function with more wasm instructions runs interpreted
 * @param maxBranchTableTargets a function with a {@code br_table} of more targets runs interpreted
 */
record CompileBounds(int maxInstructions, int maxBranchTableTargets) {

    /**
     * Measured on a 2-core machine (Chicory 1.7.5, cold JVM): a function holding a {@code br_table} of
     * 10k targets compiles in 0.3 s, 20k in 0.5 s, 40k in 1.3 s, 1M in minutes; straight-line code of
     * 50k instructions compiles in 0.4 s, and at about 100k Chicory's own method-size fallback takes over.
     */
    static final CompileBounds DEFAULT = new CompileBounds(100_000, 10_000);

    /** No bound: only the compile timeout stands (for tests of that backstop). */
    static final CompileBounds NONE = new CompileBounds(Integer.MAX_VALUE, Integer.MAX_VALUE);

    /** The indexes (imports counted, as Chicory's compiler counts them) of the functions above a bound. */
    Set<Integer> interpreted(WasmModule module) {
        Set<Integer> result = new TreeSet<>();
        int imported = module.importSection().count(ExternalType.FUNCTION);
        var code = module.codeSection();
        for (int i = 0; i < code.functionBodyCount(); i++) {
            if (tooBig(code.getFunctionBody(i))) {
                result.add(imported + i);
            }
        }
        return result;
    }

    private boolean tooBig(FunctionBody body) {
        var instructions = body.instructions();
        if (instructions.size() > maxInstructions) {
            return true;
        }
        for (Instruction instruction : instructions) {
            if (instruction.opcode() == OpCode.BR_TABLE && instruction.operandCount() > maxBranchTableTargets) {
                return true;
            }
        }
        return false;
    }
}
