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
    /** Answers the loads and stores without the kernel's code; null to run them in the kernel. */
    private final KernelDirect direct;

    KernelGuard(Machine kernel, MemoryBudget budget, int alloc, int outputSet, KernelDirect direct) {
        this.kernel = kernel;
        this.budget = budget;
        this.alloc = alloc;
        this.outputSet = outputSet;
        this.direct = direct;
    }

    Machine kernel() {
        return kernel;
    }

    boolean servesDirectly() {
        return direct != null;
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
            return kernel.call(funcId, args);
        }
        if (direct != null) {
            long[] served = direct.call(funcId, args);
            if (served != null) return served;
        }
        return kernel.call(funcId, args);
    }
}
