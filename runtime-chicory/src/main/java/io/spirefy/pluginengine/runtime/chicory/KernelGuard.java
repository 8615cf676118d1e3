package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.runtime.Machine;

/**
 * The kernel instance's machine, guarded by its instance's {@link MemoryBudget}: every call into the
 * kernel from outside (the guest through its imports, the sdk, host functions) passes here; the
 * kernel's calls inside itself do not. Two int comparisons on the way in, nothing allocated, but
 * for an output: it must lie within the block it starts at (the Extism ABI, and what the native
 * runtime's guard in front of {@code output_set} holds a guest to), or the host would be handed the
 * bytes of the plugin's other blocks, and a plugin that works here would fail there.
 */
final class KernelGuard implements Machine {

    private final Machine kernel;
    private final MemoryBudget budget;
    private final int alloc;
    private final int outputSet;
    private final int length;

    KernelGuard(Machine kernel, MemoryBudget budget, int alloc, int outputSet, int length) {
        this.kernel = kernel;
        this.budget = budget;
        this.alloc = alloc;
        this.outputSet = outputSet;
        this.length = length;
    }

    Machine kernel() {
        return kernel;
    }

    @Override
    public long[] call(int funcId, long[] args) {
        if (funcId == alloc) {
            budget.beforeAlloc(args[0]);
            long[] result = kernel.call(funcId, args);
            budget.afterAlloc();
            return result;
        }
        if (funcId == outputSet) {
            budget.beforeOutput(args[1]);
            if (args[1] != 0) {
                long block = kernel.call(length, new long[]{args[0]})[0];
                if (Long.compareUnsigned(args[1], block) > 0) throw new OutputOutsideBlockException(args[0], args[1], block);
            }
        }
        return kernel.call(funcId, args);
    }
}
