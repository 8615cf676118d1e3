package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Instruction;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The most Java stack a module's wasm code can take on Chicory, from its call graph: on Chicory
 * wasm frames are Java frames and nothing stops a recursion before the thread's stack ends, so a
 * bound exists only for a module that cannot recurse. Such a module's deepest chain of calls is
 * its longest path through the graph (a direct call is an edge to its target, an indirect call an
 * edge to every function of its type); each function on it is charged a generous estimate of one
 * HotSpot frame for it, interpreted or compiled: {@value #FRAME_BYTES} bytes for the frame itself
 * and the dispatch frames around an indirect or imported call, plus {@value #SLOT_BYTES} bytes for
 * each parameter and local (two JVM slots at most each) and for each instruction (which bounds
 * the operand stack, and the spills of a compiled frame).
 *
 * <p>A module that may recurse, or uses a call the graph cannot follow ({@code call_ref}), has no
 * bound ({@link #UNBOUNDED}); the engine then gives every nested call into it a fresh stack.
 */
final class StackBound {

    static final long UNBOUNDED = -1;
    static final long FRAME_BYTES = 4096;
    static final long SLOT_BYTES = 16;

    private StackBound() {
    }

    /**
     * The bound of {@code module}'s own functions (its imports not included), or {@link #UNBOUNDED}.
     * The module must be the whole module as its author wrote it, never a {@link WasmStub}.
     */
    static long of(WasmModule module) {
        int imported = module.importSection().count(ExternalType.FUNCTION);
        FunctionBody[] bodies = module.codeSection().functionBodies();
        int n = bodies.length;
        if (n != module.functionSection().functionCount()) return UNBOUNDED; // a module without its code
        FunctionType[] types = new FunctionType[n];
        // An indirect call goes to a node of its own per type, which calls every function of that
        // type: edges grow with the code, not with indirect calls times functions.
        Map<FunctionType, Integer> typeNodes = new HashMap<>();
        for (int i = 0; i < n; i++) {
            types[i] = module.functionSection().getFunctionType(i, module.typeSection());
            typeNodes.putIfAbsent(types[i], n + typeNodes.size());
        }
        long[] frame = new long[n + typeNodes.size()];
        // Each function's calls are read when the search first reaches it: most modules that
        // recurse show it long before every instruction has been read.
        int[][] calls = new int[frame.length][];
        for (int i = 0; i < n; i++) {
            FunctionBody body = bodies[i];
            frame[i] = FRAME_BYTES + SLOT_BYTES * (types[i].params().size() + body.localTypes().size() + body.instructions().size());
        }
        int[][] ofType = new int[typeNodes.size()][];
        int[] counts = new int[typeNodes.size()];
        for (int i = 0; i < n; i++) counts[typeNodes.get(types[i]) - n]++;
        for (int t = 0; t < ofType.length; t++) ofType[t] = new int[counts[t]];
        Arrays.fill(counts, 0);
        for (int i = 0; i < n; i++) {
            int t = typeNodes.get(types[i]) - n;
            ofType[t][counts[t]++] = i;
        }
        System.arraycopy(ofType, 0, calls, n, ofType.length);
        return longestPath(frame, f -> {
            if (calls[f] == null) calls[f] = targets(module, bodies[f].instructions(), imported, typeNodes);
            return calls[f];
        });
    }

    /**
     * What {@code code} may call: defined functions by index, indirect calls as the node of their
     * type; null when it cannot be known. A type no defined function has is no node: nothing to call.
     */
    private static int[] targets(WasmModule module, List<? extends Instruction> code, int imported, Map<FunctionType, Integer> typeNodes) {
        int[] out = new int[4];
        int count = 0;
        for (Instruction ins : code) {
            switch (ins.opcode()) {
                case CALL, RETURN_CALL -> {
                    int callee = (int) ins.operand(0) - imported;
                    if (callee >= 0) {
                        if (count == out.length) out = Arrays.copyOf(out, count * 2);
                        out[count++] = callee;
                    }
                }
                case CALL_INDIRECT, RETURN_CALL_INDIRECT -> {
                    Integer node = typeNodes.get(module.typeSection().getType((int) ins.operand(0)));
                    if (node != null) {
                        if (count == out.length) out = Arrays.copyOf(out, count * 2);
                        out[count++] = node;
                    }
                }
                case CALL_REF, RETURN_CALL_REF -> {
                    return null;
                }
                default -> {
                }
            }
        }
        return Arrays.copyOf(out, count);
    }

    /**
     * The heaviest path through the call graph, or {@link #UNBOUNDED} when it has a cycle or a node
     * whose calls cannot be known ({@code calls} answers null). Iterative: a module's graph can be deep.
     */
    private static long longestPath(long[] frame, IntFunction<int[]> calls) {
        int n = frame.length;
        long[] heaviest = new long[n];
        byte[] state = new byte[n]; // 0 unseen, 1 on the path being explored, 2 done
        int[] stack = new int[n];
        int[] next = new int[n];
        long most = 0;
        for (int root = 0; root < n; root++) {
            if (state[root] != 0) continue;
            int depth = 0;
            stack[0] = root;
            next[0] = 0;
            state[root] = 1;
            while (depth >= 0) {
                int f = stack[depth];
                int[] out = calls.apply(f);
                if (out == null) return UNBOUNDED;
                if (next[depth] < out.length) {
                    int g = out[next[depth]++];
                    if (state[g] == 1) return UNBOUNDED;
                    if (state[g] == 0) {
                        state[g] = 1;
                        stack[++depth] = g;
                        next[depth] = 0;
                    }
                } else {
                    long deepest = 0;
                    for (int g : out) deepest = Math.max(deepest, heaviest[g]);
                    heaviest[f] = frame[f] + deepest;
                    most = Math.max(most, heaviest[f]);
                    state[f] = 2;
                    depth--;
                }
            }
        }
        return most;
    }
}
