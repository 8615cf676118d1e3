package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KernelDirect} answers the guest's loads and stores as the kernel's own code does: two kernel
 * instances, one running them in the kernel's compiled code and one in Java, are driven alike and must
 * give the same results, the same traps and the same memory, on the offsets where the kernel's checks
 * change their answer (its root, the end of memory, past it, wrapped, in no block, around the input).
 */
class KernelDirectTest {

    private static final KernelMachines KERNEL = new KernelMachines();
    private static final int PAGES = 64;
    /** Every call compared, to show that the edges reached each of the kernel's answers. */
    private static final List<String> TRACE = new ArrayList<>();

    private static Instance kernel(boolean direct) {
        WasmModule module = Parser.parse(KernelMachines.kernelBytes());
        MemoryBudget budget = new MemoryBudget(PAGES);
        return Instance.builder(module).withMachineFactory(i -> KERNEL.guard(i, budget, direct)).build();
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

    /** Both instances' outcomes for each call, one line each, and their whole memories' equality at the end. */
    private static List<String> compare(Instance compiled, Instance direct, List<long[]> pointers, List<long[]> inputOffsets) {
        List<String> differences = new ArrayList<>();
        List<String> trace = new ArrayList<>();
        for (long[] p : pointers) {
            for (String export : List.of("load_u8", "load_u64")) {
                check(compiled, direct, export, differences, trace, p[0]);
            }
            check(compiled, direct, "store_u8", differences, trace, p[0], 0x1A5L);
            check(compiled, direct, "store_u64", differences, trace, p[0], 0x0102030405060708L);
            check(compiled, direct, "load_u64", differences, trace, p[0]);
        }
        for (long[] offset : inputOffsets) {
            check(compiled, direct, "input_load_u8", differences, trace, offset[0]);
            check(compiled, direct, "input_load_u64", differences, trace, offset[0]);
        }
        int bytes = compiled.memory().pages() * 65536;
        if (direct.memory().pages() * 65536 != bytes
                || !Arrays.equals(compiled.memory().readBytes(0, bytes), direct.memory().readBytes(0, bytes))) {
            differences.add("the memories differ after the stores");
        }
        TRACE.addAll(trace);
        return differences;
    }

    private static void check(Instance compiled, Instance direct, String export, List<String> differences,
                              List<String> trace, long... args) {
        String expected = outcome(compiled, export, args);
        String actual = outcome(direct, export, args);
        String line = export + Arrays.toString(args) + ": kernel " + expected + ", direct " + actual;
        trace.add(line);
        if (!Objects.equals(expected, actual)) differences.add(line);
    }

    private static List<long[]> edges(long memoryBytes, long block) {
        long[] values = {0, 1, 7, 56, 57, 63, 64, 65, block, block + 3, memoryBytes / 2, memoryBytes - 9,
                memoryBytes - 8, memoryBytes - 7, memoryBytes - 1, memoryBytes, memoryBytes + 1,
                1L << 31, (1L << 32) - 1, 1L << 32, (1L << 32) + 64, (1L << 32) + block,
                Long.MAX_VALUE, -1, -7, -8, -9, Long.MIN_VALUE};
        List<long[]> list = new ArrayList<>();
        for (long v : values) list.add(new long[] {v});
        return list;
    }

    private static List<long[]> inputEdges(long inputLength, long inputOffset) {
        long[] values = {0, 1, inputLength - 9, inputLength - 8, inputLength - 7, inputLength - 1, inputLength,
                inputLength + 1, -1, -7, -8, -9, -inputOffset, -inputOffset + 64, Long.MAX_VALUE, 1L << 32};
        List<long[]> list = new ArrayList<>();
        for (long v : values) list.add(new long[] {v});
        return list;
    }

    /** The same calls on both instances, which must stay alike: alloc, input_set, a bigger block that grows memory. */
    private static long[] setUp(Instance kernel, long inputBytes, long growBytes) {
        long input = kernel.export("alloc").apply(inputBytes)[0];
        for (long i = 0; i < inputBytes; i++) kernel.export("store_u8").apply(input + i, (i * 31 + 7) & 0xFF);
        kernel.export("input_set").apply(input, inputBytes);
        long grown = kernel.export("alloc").apply(growBytes)[0];
        return new long[] {input, grown};
    }

    @Test
    void loadsAndStoresMatchTheKernelOnEdgeOffsets() {
        Instance compiled = kernel(false);
        Instance direct = kernel(true);

        // Before any block: the root is not set up yet (the input loads then run in the kernel).
        List<String> differences = new ArrayList<>(compare(compiled, direct,
                edges(compiled.memory().pages() * 65536L, 64), inputEdges(0, 0)));

        long[] c = setUp(compiled, 37, 3 * 65536);
        long[] d = setUp(direct, 37, 3 * 65536);
        assertThat(d).as("both kernels allocated alike").containsExactly(c);
        long memoryBytes = compiled.memory().pages() * 65536L;
        assertThat(memoryBytes).as("the big block grew the kernel's memory").isGreaterThan(17 * 65536L);
        differences.addAll(compare(compiled, direct, edges(memoryBytes, c[1]), inputEdges(37, c[0])));

        // An input of fewer than 8 bytes: every 8-byte input load is out of it.
        compiled.export("input_set").apply(c[0], 5);
        direct.export("input_set").apply(d[0], 5);
        differences.addAll(compare(compiled, direct, edges(memoryBytes, c[0]), inputEdges(5, c[0])));

        // An input set past the end of memory: the kernel's check passes and its load traps.
        compiled.export("input_set").apply(memoryBytes - 4, 16);
        direct.export("input_set").apply(memoryBytes - 4, 16);
        differences.addAll(compare(compiled, direct, edges(memoryBytes, c[0]), inputEdges(16, memoryBytes - 4)));

        assertThat(differences).isEmpty();
        assertThat(TRACE).as("refused by the kernel's check").anyMatch(l -> l.startsWith("load_u64") && l.endsWith("direct [0]"));
        assertThat(TRACE).as("passed the check, trapped in memory").anyMatch(l -> l.startsWith("load_u64[") && l.contains("direct com."));
        assertThat(TRACE).as("an input byte read").anyMatch(l -> l.startsWith("input_load_u8") && !l.endsWith("direct [0]") && !l.contains("Exception"));
        assertThat(TRACE).as("an input load trapped").anyMatch(l -> l.startsWith("input_load_u64") && l.contains("direct com."));
        assertThat(TRACE).as("a stored value read back").anyMatch(l -> l.endsWith("direct [" + 0x0102030405060708L + "]"));
    }

    @Test
    void theDirectPathTakesTheCallsItServes() {
        // Seen from outside, both paths answer alike: this shows the direct one is the one running.
        Instance direct = kernel(true);
        setUp(direct, 8, 16);
        KernelGuard guard = (KernelGuard) direct.getMachine();
        assertThat(guard.servesDirectly()).isTrue();
        assertThat(((KernelGuard) kernel(false).getMachine()).servesDirectly()).isFalse();
    }
}
