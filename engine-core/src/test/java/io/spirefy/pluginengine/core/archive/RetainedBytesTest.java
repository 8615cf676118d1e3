package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveLimits;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.core.PluginEngines;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;

import static io.spirefy.pluginengine.core.archive.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine keeps of loaded archives (section 7, "Memory"): files compressed, the module
 * once, and an engine-wide bound on the total that an archive past it is rejected by, and that
 * unloading gives back.
 */
class RetainedBytesTest {

    private static final int MIB = 1 << 20;

    /** 1 MiB that deflates to about a third of it: neither a bomb nor incompressible. */
    private static final byte[] ASSET = asset();
    /** Plugins holding ASSET, by id; deflating it is most of these tests' time, so each is built once. */
    private static final Map<String, byte[]> ARCHIVES = new java.util.concurrent.ConcurrentHashMap<>();

    private static byte[] asset() {
        byte[] b = new byte[MIB];
        Random r = new Random(5);
        for (int i = 0; i < b.length; i++) b[i] = (byte) ('a' + r.nextInt(4));
        return b;
    }

    /** A plugin with the real manifest format's syntax (also the test format's) and ASSET. */
    private static byte[] yamlPlugin(String id) {
        return ARCHIVES.computeIfAbsent(id, i -> zip(entries("plugin.yaml", "id: " + i + "\nversion: 1.0.0\n",
                "m.wasm", WASM, "assets/big.txt", ASSET)));
    }

    @Test
    void filesAreKeptCompressedAndTheModuleOnce() {
        byte[] asset = ASSET;
        byte[] module = new byte[MIB];
        new Random(6).nextBytes(module);
        Map<String, byte[]> archives = Map.of(
                "deflated.zip", zip(plugin("assets/big.txt", asset, "greeter.wasm", module)),
                "stored.zip", zip(plugin("assets/big.txt", asset, "greeter.wasm", module), ZipEntry.STORED),
                "p.tgz", tgz(plugin("assets/big.txt", asset, "greeter.wasm", module)));
        for (Map.Entry<String, byte[]> e : archives.entrySet()) {
            String name = e.getKey();
            SourceLoader loader = loader();
            PluginSource plugin = loader.load(name, e.getValue()).plugins().get(0);
            long retained = plugin.files().retainedBytes();
            assertThat(retained).as(name).isLessThan(module.length + asset.length / 2);
            assertThat(retained).as(name).isGreaterThan(module.length);
            assertThat(loader.retainedBytes()).isEqualTo(retained);
            assertThat(plugin.files().read("assets/big.txt")).hasValueSatisfying(b -> assertThat(b).isEqualTo(asset));
            assertThat(plugin.files().read("greeter.wasm")).hasValueSatisfying(b -> assertThat(b).isEqualTo(module));
            // The module is served from the very array the engine compiles, as a copy.
            assertThat(plugin.files().read("greeter.wasm").orElseThrow()).isNotSameAs(plugin.wasm());
        }
    }

    @Test
    void incompressibleFilesAreNotKeptLargerThanThemselves() {
        byte[] noise = new byte[MIB];
        new Random(8).nextBytes(noise);
        for (var archive : Map.of("noise.tgz", tgz(plugin("assets/noise.bin", noise)),
                "noise.zip", zip(plugin("assets/noise.bin", noise))).entrySet()) {
            PluginSource plugin = loader().load(archive.getKey(), archive.getValue()).plugins().get(0);
            assertThat(plugin.files().retainedBytes()).as(archive.getKey()).isLessThan(noise.length + 1024);
            assertThat(plugin.files().read("assets/noise.bin")).hasValueSatisfying(b -> assertThat(b).isEqualTo(noise));
        }
    }

    @Test
    void anArchivePastTheEngineWideBoundIsRejectedNamingItAndReleaseGivesBytesBack() {
        SourceLoader probe = loader();
        long one = probe.load("a.zip", yamlPlugin("org.example.a")).plugins().get(0).files().retainedBytes();
        SourceLoader loader = loader(ArchiveLimits.DEFAULTS.withMaxRetainedBytes(one + one / 2));

        PluginSource a = loader.load("a.zip", yamlPlugin("org.example.a")).plugins().get(0);
        Problem p = onlyError(loader.load("b.zip", yamlPlugin("org.example.b")));
        assertThat(p.source()).isEqualTo("b.zip");
        assertThat(p.message()).contains("maxRetainedBytes").contains(String.valueOf(one + one / 2))
                .contains(String.valueOf(one));
        assertThat(loader.retainedBytes()).isEqualTo(one);

        a.files().release();
        a.files().release(); // twice gives back once
        assertThat(loader.retainedBytes()).isZero();
        assertThat(loader.load("b.zip", yamlPlugin("org.example.b")).problems()).isEmpty();
        assertThat(a.files().read("assets/big.txt")).as("a released plugin's calls under way still read").isPresent();
    }

    @Test
    void aPluginNeverRegisteredGivesItsBytesBackOnceCollected() throws InterruptedException {
        SourceLoader loader = loader();
        loader.load("a.zip", yamlPlugin("org.example.a"));
        assertThat(loader.retainedBytes()).isPositive();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (loader.retainedBytes() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(loader.retainedBytes()).isZero();
    }

    @Test
    void theEngineRejectsAnArchivePastTheBoundAndUnloadGivesItsBytesBack() {
        long one = loader().load("a.zip", yamlPlugin("org.example.a")).plugins().get(0).files().retainedBytes();
        try (PluginEngine engine = PluginEngines.builder()
                .archiveLimits(ArchiveLimits.DEFAULTS.withMaxRetainedBytes(one + one / 2)).build()) {
            assertThat(engine.load("a.zip", yamlPlugin("org.example.a")).loaded()).containsExactly("org.example.a@1.0.0");
            LoadResult b = engine.load("b.zip", yamlPlugin("org.example.b"));
            assertThat(b.loaded()).isEmpty();
            assertThat(b.problems()).singleElement().satisfies(p -> {
                assertThat(p.source()).isEqualTo("b.zip");
                assertThat(p.message()).contains("maxRetainedBytes");
            });
            engine.unload("org.example.a@1.0.0");
            assertThat(engine.load("b.zip", yamlPlugin("org.example.b")).loaded()).containsExactly("org.example.b@1.0.0");
        }
    }

}
