package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.LoadResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loading, calling and unloading a plugin 200 times frees what each round took, on the heap
 * (Chicory's generated classes are unloaded) and off it (libextism's compiled code and instances).
 *
 * <p>Raw RSS is the wrong measure for a JVM: G1 keeps heap it once expanded into. So the test
 * compares, after a full collection, the heap in use, the loaded classes, and the resident memory
 * outside the committed heap (native libraries' allocations, metaspace, code cache).
 */
class PluginChurnTest {

    private static final int ROUNDS = 200;
    private static final int BASELINE_ROUND = 20;

    private record Footprint(long heapUsedKiB, long classes, long nonHeapResidentKiB) {
        static Footprint now() throws Exception {
            System.gc();
            Thread.sleep(100);
            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            long rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
            return new Footprint(heap.getUsed() / 1024, ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(),
                    rss - heap.getCommitted() / 1024);
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
            // instance memory: a leak of either over 180 rounds would exceed these bounds many times.
            // Outside the heap, the JIT's code cache and not-yet-returned metaspace grow by tens of
            // MiB (40 MiB seen on Chicory) without leaking: the bound catches 0.5 MiB per round.
            assertThat(after.classes() - baseline.classes()).as("classes still loaded").isLessThan(100);
            assertThat(after.heapUsedKiB() - baseline.heapUsedKiB()).as("heap in use, KiB").isLessThan(16 * 1024);
            assertThat(after.nonHeapResidentKiB() - baseline.nonHeapResidentKiB()).as("resident memory outside the heap, KiB")
                    .isLessThan(96 * 1024);
        }
    }
}
