package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.Problem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.spirefy.pluginengine.tests.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the heap (issue 12): memory a plugin makes the host hold through the Extism kernel,
 * ReadFile, payloads and archives, none of it its own linear memory. Each runs in a JVM capped at
 * 1 GiB (ChildJvm) with the default memory limit of 64 MiB per instance and 2 s calls; afterwards the engine must
 * still answer, still time out a spinning plugin, and give the heap back.
 */
final class MemoryAttacks {

    private static final String HUGE_ASSET = "data/huge.bin";
    /** Long enough that an attack can reach the heap's end before its timeout (Chicory grows and copies its memory). */
    private static final EngineLimits LIMITS = AttackedEngine.LIMITS.withCallTimeout(Duration.ofSeconds(2));

    private MemoryAttacks() {
    }

    static void kernelAllocLoop(String runtime) {
        try (AttackedEngine a = new AttackedEngine(runtime, LIMITS).load("hostile-memory").start()) {
            PluginCallException e = a.failingCall("test.hostile.memory", "alloc_loop", "");
            Measured.print("64 MiB kernel allocs: " + e.failure() + " " + e.getMessage());
            // The kernel may also answer 0 at the limit, as the PDK documents for exhausted memory;
            // the plugin then fails itself having been refused its first block beyond 64 MiB.
            if (e.failure() != CallFailure.MEMORY_LIMIT) {
                assertThat(e.failure()).isEqualTo(CallFailure.PLUGIN_ERROR);
                assertThat(e.detail()).isIn("alloc refused at block 0", "alloc refused at block 1");
            }
            a.recovered("a loop of 64 MiB kernel allocs");
        }
    }

    static void outputOfAGibibyte(String runtime) {
        try (AttackedEngine a = new AttackedEngine(runtime, LIMITS).load("hostile-memory").start()) {
            PluginCallException e = a.failingCall("test.hostile.memory", "output_huge", "");
            Measured.print("output_set of 1 GiB: " + e.failure() + " " + e.getMessage());
            assertThat(e.failure()).isEqualTo(CallFailure.MEMORY_LIMIT);
            a.recovered("an output of 1 GiB");
        }
    }

    /** 64 ReadFile calls of a 250 MiB asset: each is more than the plugin may hold, each is refused. */
    static void repeatedReadsOfAHugeAsset(String runtime) {
        try (AttackedEngine a = new AttackedEngine(runtime, LIMITS)) {
            GuestArchive guest = GuestArchive.of("hostile-memory");
            byte[] zip = guest.toZip(guest.manifest()).add(HUGE_ASSET, HugeAsset.deflated()).build();
            Measured.print("archive with the 250 MiB asset: " + zip.length + " bytes");
            LoadResult loaded = a.load("hostile-memory-huge.zip", zip);
            zip = null;
            assertThat(loaded.problems()).as("an archive inside every per-archive limit").isEmpty();
            a.start();
            Bounded.Outcome<byte[]> reads = a.call("test.hostile.memory", "read_asset", "64");
            Measured.print("64 reads of a 250 MiB asset: " + (reads.thrown() == null ? text(reads.value()) : reads.thrown())
                    + " in " + reads.millis() + " ms");
            assertThat(text(reads.value("64 reads of a 250 MiB asset"))).isEqualTo("read=0 refused=64");
            a.recovered("64 reads of a 250 MiB asset");
        }
    }

    /** A 20 MiB payload passed on by every level of 16 nested CallHooks. */
    static void largePayloadThroughNestedCallHooks(String runtime) {
        try (AttackedEngine a = new AttackedEngine(runtime, LIMITS.withMaxInstancesPerPlugin(16))
                .load("hostile-memory").start()) {
            Bounded.Outcome<byte[]> relay = Bounded.run("relay of 20 MiB", AttackedEngine.HUNG,
                    () -> a.engine.callHook("test.hostile.memory@1.0.0/relay", new byte[0]));
            PluginCallException e = relay.callFailure("16 nested CallHooks each passing on 20 MiB");
            Measured.print("20 MiB through nested CallHooks: " + e.failure() + " after " + relay.millis() + " ms: " + e.getMessage());
            a.recovered("a 20 MiB payload through nested CallHooks");
        }
    }

    /**
     * Eight archives, each inside every per-archive limit (3.3 MB unpacking to 250 MiB), into one
     * engine: together they are twice the heap. Each is loaded or rejected as a problem of its own
     * source; the engine, and a plugin loaded after them, go on.
     */
    static void eightArchivesOfAQuarterGibibyteEach(String runtime) {
        try (AttackedEngine a = new AttackedEngine(runtime, LIMITS).start()) {
            byte[] wasm = GuestArchive.of("hostile-memory").file("hostile-memory.wasm");
            int loaded = 0;
            for (int i = 0; i < 8; i++) {
                String source = "huge-" + i + ".zip";
                String manifest = "id: test.hostile.huge" + i + "\nversion: 1.0.0\nwasm: hostile-memory.wasm\n";
                byte[] zip = new ZipBuilder().add("plugin.yaml", manifest.getBytes(StandardCharsets.UTF_8))
                        .add("hostile-memory.wasm", wasm).add(HUGE_ASSET, HugeAsset.deflated()).build();
                LoadResult result = a.load(source, zip);
                if (result.loaded().isEmpty()) {
                    assertThat(result.problems()).as("why %s was not loaded", source)
                            .anySatisfy(p -> {
                                assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
                                assertThat(p.source()).contains(source);
                            });
                } else {
                    assertThat(result.loaded()).containsExactly("test.hostile.huge" + i + "@1.0.0");
                    loaded++;
                }
            }
            Measured.print(loaded + " of 8 archives of 250 MiB loaded; problems: " + a.engine.problems());
            a.load("reader");
            Bounded.act("starting the reader", AttackedEngine.HUNG, () -> a.engine.start("test.reader")).value("starting the reader");
            assertThat(text(a.call("test.reader", "read", "data/greeting.txt").value("the reader loaded last")))
                    .isEqualTo("hello from an asset");
            a.innocentAnswers();
            for (int i = 0; i < 8; i++) {
                String ref = "test.hostile.huge" + i + "@1.0.0";
                if (a.engine.plugin(ref).isPresent()) {
                    Bounded.act("unloading " + ref, AttackedEngine.HUNG, () -> a.engine.unload(ref)).value("unloading " + ref);
                }
            }
            a.heapBackNearStart("eight archives of 250 MiB, unloaded");
        }
    }
}
