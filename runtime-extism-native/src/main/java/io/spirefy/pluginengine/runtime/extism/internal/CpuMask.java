package io.spirefy.pluginengine.runtime.extism.internal;

/** A Linux {@code cpu_set_t} naming one core, as the words {@code sched_setaffinity} reads. */
final class CpuMask {

    private CpuMask() {
    }

    /** Bit {@code cpu} set, in as many 64-bit words as it needs. */
    static long[] of(int cpu) {
        if (cpu < 0) throw new IllegalArgumentException("no core " + cpu);
        long[] mask = new long[cpu / 64 + 1];
        mask[cpu / 64] = 1L << (cpu % 64);
        return mask;
    }
}
