package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.runtime.Machine;

/**
 * The kernel instance's machine, guarded by its instance's {@link MemoryBudget}: every call into the
 * kernel from outside (the guest through its imports, the sdk, host functions) passes here; the
 * kernel's calls inside itself do not. Two int comparisons on the way in, nothing allocated.
 * It also answers {@code length} and {@code free} in Java ({@link KernelBlocks}).
 */
final class KernelGuard implements Machine {

    private final Machine kernel;
    private final MemoryBudget budget;
    private final int alloc;
    private final int outputSet;
    private final int length;
    private final int free;
    /** {@code length} and {@code free} in Java, or null when this kernel build is not the one they were read from. */
    private final KernelBlocks blocks;

    KernelGuard(Machine kernel, MemoryBudget budget, KernelMachines.Exports exports, KernelBlocks blocks) {
        this.kernel = kernel;
        this.budget = budget;
        this.alloc = exports.alloc();
        this.outputSet = exports.outputSet();
        this.length = exports.length();
        this.free = exports.free();
        this.blocks = blocks;
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
        } else if (blocks != null) {
            if (funcId == length) {
                long n = blocks.length(args[0]);
                // As the compiled kernel returns it.
                if (n != KernelBlocks.ASK_KERNEL) return new long[]{n};
            } else if (funcId == free && blocks.free(args[0])) {
                return null; // the compiled kernel's result of a function without results
            }
        }
        return kernel.call(funcId, args);
    }
}
