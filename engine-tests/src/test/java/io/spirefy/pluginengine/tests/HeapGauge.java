package io.spirefy.pluginengine.tests;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heap in use after full collections, to tell memory a plugin made the engine keep from garbage
 * that merely has not been collected yet.
 */
final class HeapGauge {

    /** How far above the starting point the heap may settle after an attack. */
    static final long SLACK_BYTES = 64L << 20;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final long baseline;

    private HeapGauge(long baseline) {
        this.baseline = baseline;
    }

    /** Takes the starting point now. */
    static HeapGauge start() {
        return new HeapGauge(usedAfterGc());
    }

    /** Several collections, since one may leave objects that finalization or references keep. */
    static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    void assertBackNearStart(String after) {
        long now = usedAfterGc();
        Measured.print("heap after " + after + ": " + mib(now) + " MiB used after GC, started at " + mib(baseline) + " MiB");
        assertThat(now - baseline).as("heap kept after %s (MiB above the start: %d)", after, (now - baseline) >> 20)
                .isLessThan(SLACK_BYTES);
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
