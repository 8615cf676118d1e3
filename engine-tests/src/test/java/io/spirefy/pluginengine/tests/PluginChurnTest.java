package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.LoadResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loading, calling and unloading a plugin 200 times frees what each round took, on the heap
 * (Chicory's generated classes are unloaded) and off it (libextism's compiled code and instances).
 *
 * <p>Raw RSS is the wrong measure for a JVM: G1 keeps heap it once expanded into. So the test
 * compares, after a full collection, the heap in use, the loaded classes, and the resident memory
 * outside the committed heap and the JVM's non-heap pools (native libraries' allocations).
 */
class PluginChurnTest {

    private static final int ROUNDS = 200;
    private static final int BASELINE_ROUND = 100;

    private record Footprint(long heapUsedKiB, long classes, long nonHeapResidentKiB) {
        static Footprint now() throws Exception {
            System.gc();
            Thread.sleep(100);
            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            long rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
            // The JVM's own non-heap pools (JIT code cache, metaspace) grow with JIT warm-up and
            // return memory lazily: 40 to 100 MiB over this test on Chicory, in both directions
            // from one run to the next. They are left out; class unloading is checked by count.
            long jvmPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.NON_HEAP)
                    .mapToLong(pool -> pool.getUsage().getCommitted()).sum();
            return new Footprint(heap.getUsed() / 1024, ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(),
                    rss - heap.getCommitted() / 1024 - jvmPools / 1024);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.spirefy.pluginengine.tests.Runtimes#names")
    void twoHundredPluginsLoadedCalledAndUnloadedLeaveMemoryFlat(String runtime) throws Exception {
        byte[] archive = Files.readAllBytes(TestPlugins.archive("echo"));
        try (EngineHarness h = new EngineHarness(runtime)) {
            Footprint baseline = null;
            for (int i = 1; i <= ROUNDS; i++) {
                LoadResult loaded = h.engine.load("echo-round-" + i + ".tar.gz", archive);
                assertThat(loaded.loaded()).containsExactly("test.echo@1.0.0");
                assertThat(h.call("test.echo", "echo", "round " + i)).isEqualTo("echo:round " + i);
                h.engine.unload("test.echo@1.0.0");
                if (i == BASELINE_ROUND) baseline = Footprint.now();
            }
            Footprint after = Footprint.now();
            System.out.printf("[runtime %s] after %d rounds: %s; after %d rounds: %s%n",
                    runtime, BASELINE_ROUND, baseline, ROUNDS, after);
            assertThat(h.engine.plugins()).isEmpty();
            // Per round Chicory generates ~5 classes and libextism ~1 MiB of compiled code and
            // instance memory: a leak of either over 100 rounds would exceed these bounds many times.
            // The baseline is taken after 100 rounds, once the JIT has settled. Outside the heap
            // Chicory allocates nothing itself, but the JVM's native memory (the JIT compilers'
            // arenas) still moves by up to ~40 MiB over 100 rounds here without leaking, so that
            // bound is wider; libextism's stays within ~12 MiB and its bound catches 0.5 MiB a round.
            assertThat(after.classes() - baseline.classes()).as("classes still loaded").isLessThan(100);
            assertThat(after.heapUsedKiB() - baseline.heapUsedKiB()).as("heap in use, KiB").isLessThan(16 * 1024);
            long nativeBoundKiB = (runtime.equals("chicory") ? 96 : 48) * 1024;
            assertThat(after.nonHeapResidentKiB() - baseline.nonHeapResidentKiB()).as("resident memory outside the heap, KiB")
                    .isLessThan(nativeBoundKiB);
        }
    }
}
