package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KernelBlocks} answers {@code length} and {@code free} as the kernel's own code does: two
 * kernel instances, one with them in Java and one without, are driven alike by random sequences of
 * allocations, frees, lengths, inputs, resets and headers overwritten by a guest's stores, and must
 * give the same results, the same traps and the same memory.
 */
class KernelBlocksTest {

    private static final KernelMachines KERNEL = new KernelMachines();
    private static final int PAGES = 64;

    private static Instance kernel(boolean javaBlocks) {
        WasmModule module = Parser.parse(KernelMachines.kernelBytes());
        MemoryBudget budget = new MemoryBudget(PAGES);
        return Instance.builder(module).withMachineFactory(i -> KERNEL.machineFor(i, budget, javaBlocks)).build();
    }

    /** What one export call gave: its results, or the trap's class and message. */
    private static String outcome(Instance kernel, String export, long... args) {
        try {
            long[] result = kernel.export(export).apply(args);
            return result == null || result.length == 0 ? "()" : Arrays.toString(result);
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** Drives both kernels alike and keeps what differed. */
    private static final class Twins {
        final Instance kernel = kernel(false);
        final Instance java = kernel(true);
        final KernelBlocks probe = new KernelBlocks(java.memory());
        final List<String> differences = new ArrayList<>();
        int answered;
        int asked;

        String call(String export, long... args) {
            if (export.equals("length") || export.equals("free")) {
                // length only reads: it tells whether Java answers this walk or leaves it to the kernel.
                if (probe.length(args[0]) == KernelBlocks.ASK_KERNEL) asked++;
                else answered++;
            }
            String expected = outcome(kernel, export, args);
            String actual = outcome(java, export, args);
            if (!expected.equals(actual)) {
                differences.add(export + Arrays.toString(args) + ": kernel " + expected + ", java " + actual);
            }
            return expected;
        }

        void sameMemory(String after) {
            int bytes = kernel.memory().pages() * 65536;
            if (java.memory().pages() * 65536 != bytes
                    || !Arrays.equals(kernel.memory().readBytes(0, bytes), java.memory().readBytes(0, bytes))) {
                differences.add("the memories differ after " + after);
            }
        }
    }

    private static long parse(String outcome) {
        return outcome.startsWith("[") ? Long.parseLong(outcome.substring(1, outcome.length() - 1)) : 0;
    }

    @Test
    void answersLikeTheKernelBeforeItsRootIsInitialized() {
        Twins t = new Twins();
        t.call("length", 100);
        t.call("free", 100);
        t.call("length", 0);
        t.sameMemory("the first calls");
        assertThat(t.differences).isEmpty();
    }

    @Test
    void answersLikeTheKernelOnRandomSequences() {
        int answered = 0;
        int asked = 0;
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            Twins t = new Twins();
            List<Long> blocks = new ArrayList<>();
            for (int step = 0; step < 300; step++) {
                int op = random.nextInt(100);
                long memoryBytes = (long) t.kernel.memory().pages() * 65536;
                if (op < 30) {
                    long size = random.nextInt(10) == 0 ? random.nextInt(70_000) : random.nextInt(300);
                    long offset = parse(t.call("alloc", size));
                    if (offset != 0) blocks.add(offset);
                } else if (op < 50 || blocks.isEmpty()) {
                    t.call("free", offset(random, blocks, memoryBytes));
                } else if (op < 80) {
                    t.call("length", offset(random, blocks, memoryBytes));
                } else if (op < 88) {
                    long block = blocks.get(random.nextInt(blocks.size()));
                    t.call("input_set", block, parse(t.call("length", block)));
                    t.call("input_length");
                } else if (op < 97) {
                    // A guest overwrites a header with its stores: the status, a size byte or the used length.
                    long block = blocks.get(random.nextInt(blocks.size()));
                    long[] at = {block - 12, block - 8, block - 7, block - 5, block - 4};
                    long where = at[random.nextInt(at.length)];
                    long value = random.nextBoolean() ? random.nextInt(4) : random.nextInt(256);
                    t.call("store_u8", where, value);
                } else {
                    t.call("reset");
                    blocks.clear();
                }
            }
            t.sameMemory("seed " + seed);
            assertThat(t.differences).as("seed %d", seed).isEmpty();
            answered += t.answered;
            asked += t.asked;
        }
        // Both ways were taken: the walks Java answers, and those it leaves to the kernel.
        assertThat(answered).isGreaterThan(1000);
        assertThat(asked).isGreaterThan(0);
    }

    /** A live block, an offset inside one, one near the start or the end of memory, past it, or wrapped. */
    private static long offset(Random random, List<Long> blocks, long memoryBytes) {
        int kind = random.nextInt(10);
        if (!blocks.isEmpty() && kind < 5) return blocks.get(random.nextInt(blocks.size()));
        if (!blocks.isEmpty() && kind < 7) return blocks.get(random.nextInt(blocks.size())) + 1 + random.nextInt(20);
        long[] edges = {0, 1, 63, 64, 65, 76, 77, memoryBytes - 12, memoryBytes - 1, memoryBytes, memoryBytes + 1,
                1L << 32, -1, -77};
        return edges[random.nextInt(edges.length)];
    }

    @Test
    void leavesAWalkThatWouldNotEndToTheKernel() {
        Instance java = kernel(true);
        long first = java.export("alloc").apply(16)[0];
        java.export("alloc").apply(16);
        // A size of -12 makes the next block the block itself: the kernel would walk there until cancelled.
        // (The u64 at -8 is the size, then the used length, kept at 16.)
        java.export("store_u64").apply(first - 8, (16L << 32) | 0xFFFF_FFF4L);
        KernelBlocks blocks = new KernelBlocks(java.memory());
        assertThat(blocks.length(first + 100)).isEqualTo(KernelBlocks.ASK_KERNEL);
        assertThat(blocks.free(first + 100)).isFalse();
        assertThat(blocks.length(first)).isEqualTo(16);
    }

    @Test
    void onlyTheBuildItWasReadFrom() {
        byte[] kernel = KernelMachines.kernelBytes();
        assertThat(KernelBlocks.isVerified(kernel)).isTrue();
        byte[] other = kernel.clone();
        other[other.length - 1] ^= 1;
        assertThat(KernelBlocks.isVerified(other)).isFalse();
    }
}
