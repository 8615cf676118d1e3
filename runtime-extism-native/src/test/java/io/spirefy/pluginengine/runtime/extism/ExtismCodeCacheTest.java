package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.CodeCache;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.runtime.extism.internal.TestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libextism's own compiled-code cache (wasmtime's) goes where the engine's {@link CodeCache} says,
 * under {@code <folder>/extism/}, and is off for a runtime given none (docs/PERFORMANCE.md).
 */
class ExtismCodeCacheTest {

    /**
     * Not a {@code @TempDir}: wasmtime's background cache worker may still be writing its
     * bookkeeping in a cache folder after the test, and JUnit fails a test whose folder it cannot
     * delete (seen in CI for each test here that compiles into one). Deleted best-effort instead.
     */
    Path dir;

    @BeforeEach
    void needsLibExtism() throws IOException {
        NativeSupport.runtime();
        dir = Files.createTempDirectory("pe-extism-cache-test");
    }

    @AfterEach
    void deleteFolder() throws InterruptedException {
        if (dir != null) deleteWhenTheWorkerIsDone(dir);
    }

    @Test
    void compiledCodeIsKeptUnderTheCacheFoldersExtismSubfolder() throws Exception {
        Path folder = dir.resolve("cache");
        ExtismNativeRuntime runtime = new ExtismNativeRuntime();
        List<String> warnings = new ArrayList<>();
        runtime.useCodeCache(CodeCache.at(folder), warnings::add);

        compile(runtime, "cached");

        assertThat(warnings).isEmpty();
        assertThat(Files.readString(folder.resolve("extism/wasmtime-cache.toml"))).contains("[cache]")
                .contains(folder.resolve("extism/wasmtime").toString());
        assertThat(entries(folder.resolve("extism/wasmtime"))).isNotEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("extism")))).isEqualTo("rwx------");
    }

    @Test
    void aRuntimeGivenNoCacheWritesNoneAndTheOtherKeepsItsOwn() throws Exception {
        Path folder = dir.resolve("cache");
        ExtismNativeRuntime cached = new ExtismNativeRuntime();
        cached.useCodeCache(CodeCache.at(folder), w -> { });
        compile(cached, "first");
        Set<Path> afterFirst = entries(folder);

        // The process-wide switch must go off for this runtime, and back on for the other.
        compile(new ExtismNativeRuntime(), "uncached");
        assertThat(entries(folder)).isEqualTo(afterFirst);

        compile(cached, "second");
        assertThat(entries(folder)).hasSizeGreaterThan(afterFirst.size());
    }

    @Test
    void aClearedCacheFolderIsPreparedAgainAtTheNextCompile() throws Exception {
        Path folder = dir.resolve("cache");
        ExtismNativeRuntime runtime = new ExtismNativeRuntime();
        runtime.useCodeCache(CodeCache.at(folder), w -> { });
        compile(runtime, "before");
        try (Stream<Path> all = Files.walk(folder)) {
            all.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(folder)).forEach(p -> p.toFile().delete());
        }

        compile(runtime, "after");
        assertThat(entries(folder.resolve("extism/wasmtime"))).isNotEmpty();
    }

    /**
     * libextism on its own caches in the user's folder (wasmtime's default, under
     * $XDG_CACHE_HOME/wasmtime); a runtime given no cache switches that off. Both halves are seen
     * here with XDG_CACHE_HOME pointed into a temporary folder, then put back.
     */
    @Test
    void withoutACacheNothingIsWrittenWhereLibextismWouldCacheByDefault() throws Exception {
        // Its own folder, as dir (above).
        Path xdg = Files.createTempDirectory("pe-extism-xdg");
        String before = System.getenv("XDG_CACHE_HOME");
        TestEnvironment.set("XDG_CACHE_HOME", xdg.toString());
        try {
            compile(new ExtismNativeRuntime(), "off");
            assertThat(entries(xdg)).isEmpty();

            // What libextism does when nobody sets EXTISM_CACHE_CONFIG (the runtime believes it is still off).
            TestEnvironment.set("EXTISM_CACHE_CONFIG", null);
            compile(new ExtismNativeRuntime(), "libextism-default");
            assertThat(entries(xdg.resolve("wasmtime"))).isNotEmpty();
        } finally {
            TestEnvironment.set("EXTISM_CACHE_CONFIG", "");
            TestEnvironment.set("XDG_CACHE_HOME", before);
            deleteWhenTheWorkerIsDone(xdg);
        }
    }

    /** Best effort: wasmtime's cache worker writes a little after a compile returns. */
    private static void deleteWhenTheWorkerIsDone(Path folder) throws InterruptedException {
        for (int attempt = 0; attempt < 20 && Files.exists(folder); attempt++) {
            try (Stream<Path> all = Files.walk(folder)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // A file appeared or vanished during the walk: try again.
            }
            if (Files.exists(folder)) Thread.sleep(100);
        }
    }

    /** Compiles a module no other test compiles (a random constant), so no earlier entry serves it. */
    private void compile(ExtismNativeRuntime runtime, String name) {
        int unique = ThreadLocalRandom.current().nextInt();
        byte[] wasm = Wat.compile(dir, name, Wat.module("", "(func (export \"run\") (result i32) (i32.const " + unique + "))"));
        try (WasmModule m = runtime.compile(new ModuleSpec(name, wasm, 256))) {
            assertThat(m).isNotNull();
        }
    }

    /**
     * The compiled modules in {@code folder}: not wasmtime's bookkeeping (its {@code .stats} files and
     * {@code .cleanup} markers), which its background worker writes after a compile has returned.
     */
    private static Set<Path> entries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return Set.of();
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).filter(p -> {
                String name = p.getFileName().toString();
                return !name.endsWith(".toml") && !name.endsWith(".stats") && !name.startsWith(".");
            }).collect(Collectors.toSet());
        }
    }
}
