package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.runtime.Machine;

/**
 * The kernel instance's machine, guarded by its instance's {@link MemoryBudget}: every call into the
 * kernel from outside (the guest through its imports, the sdk, host functions) passes here; the
 * kernel's calls inside itself do not. Two int comparisons on the way in, nothing allocated.
 */
final class KernelGuard implements Machine {

    private final Machine kernel;
    private final MemoryBudget budget;
    private final int alloc;
    private final int outputSet;

    KernelGuard(Machine kernel, MemoryBudget budget, int alloc, int outputSet) {
        this.kernel = kernel;
        this.budget = budget;
        this.alloc = alloc;
        this.outputSet = outputSet;
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
        }
        return kernel.call(funcId, args);
    }
}
