package io.spirefy.pluginengine.runtime.chicory;

import io.spirefy.pluginengine.api.CodeCache;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.spirefy.pluginengine.runtime.chicory.TestModules.spec;
import static io.spirefy.pluginengine.runtime.chicory.TestModules.upperCaseTransform;
import static io.spirefy.pluginengine.runtime.chicory.TestModules.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** The compiled-code cache (contract section 9): used when warm, never fooled, bounded. */
class CodeCacheTest {

    private static final byte[] PAYLOAD = utf8("{\"hello\":\"cache\"}");

    @TempDir
    Path dir;

    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private ChicoryRuntime runtime(CodeCache cache) {
        ChicoryRuntime runtime = new ChicoryRuntime();
        runtime.useCodeCache(cache, warnings::add);
        assertThat(runtime.codeCache()).as("cache opened (warnings: %s)", warnings).isNotNull();
        return runtime;
    }

    private CodeCache cache() {
        return CodeCache.at(dir.resolve("cache"));
    }

    private static void runsCorrectly(WasmModule module) throws WasmException {
        try (WasmInstance instance = module.instantiate(List.of(upperCaseTransform()))) {
            assertThat(instance.call("echo", PAYLOAD)).isEqualTo(PAYLOAD);
        }
    }

    private static Path entryOf(ChicoryRuntime runtime, String module) {
        return runtime.codeCache().file(CacheKeys.module(TestModules.wasm(module), CompileBounds.DEFAULT));
    }

    @Test
    void aWarmCacheIsLoadedInsteadOfCompiled() throws WasmException {
        ChicoryRuntime first = runtime(cache());
        runsCorrectly(first.compile(spec("plugin")));
        assertThat(first.codeCache().hits()).isZero();
        assertThat(first.codeCache().writes()).as("the kernel and the plugin").isEqualTo(2);

        ChicoryRuntime second = runtime(cache());
        runsCorrectly(second.compile(spec("plugin")));
        assertThat(second.codeCache().hits()).as("the kernel and the plugin").isEqualTo(2);
        assertThat(second.codeCache().misses()).isZero();
        assertThat(second.codeCache().writes()).as("nothing compiled, so nothing written").isZero();
        assertThat(warnings).isEmpty();
        assertThat(entryOf(second, "plugin")).startsWith(dir.resolve("cache").resolve("chicory"));
    }

    enum Tamper { FLIP_A_BYTE, TRUNCATE, SWAP_WITH_ANOTHER_MODULE, WRITTEN_UNDER_ANOTHER_KEY }

    @ParameterizedTest
    @EnumSource(Tamper.class)
    void aTamperedEntryIsNeverLoadedIsReportedAndThePluginStillRuns(Tamper tamper) throws Exception {
        boolean otherKey = tamper == Tamper.WRITTEN_UNDER_ANOTHER_KEY;
        byte[] foreignKey = new byte[32];
        Arrays.fill(foreignKey, (byte) 7);
        ChicoryRuntime writer = runtime(otherKey ? cache().withKey(foreignKey) : cache());
        writer.compile(spec("plugin"));
        writer.compile(spec("exit"));
        Path entry = entryOf(writer, "plugin");
        byte[] bytes = Files.readAllBytes(entry);
        switch (tamper) {
            case FLIP_A_BYTE -> {
                bytes[bytes.length / 2] ^= 1;
                Files.write(entry, bytes);
            }
            case TRUNCATE -> Files.write(entry, Arrays.copyOf(bytes, bytes.length / 2));
            case SWAP_WITH_ANOTHER_MODULE -> Files.copy(entryOf(writer, "exit"), entry,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            case WRITTEN_UNDER_ANOTHER_KEY -> { } // the reader below has the key file, not the writer's key
        }
        warnings.clear();

        ChicoryRuntime reader = runtime(cache());
        runsCorrectly(reader.compile(spec("plugin")));
        String reason = switch (tamper) {
            case FLIP_A_BYTE, WRITTEN_UNDER_ANOTHER_KEY -> "fails its authentication check";
            case TRUNCATE -> "is truncated";
            case SWAP_WITH_ANOTHER_MODULE -> "was written for another module";
        };
        // Under another key the kernel's entry is foreign too.
        int rejected = otherKey ? 2 : 1;
        assertThat(reader.codeCache().rejected()).isEqualTo(rejected);
        assertThat(reader.codeCache().hits()).isEqualTo(otherKey ? 0 : 1); // only the kernel's, when it is ours
        assertThat(warnings).hasSize(rejected);
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains(entry.getFileName().toString())
                .contains("module test.plugin@1.0.0").contains(reason).contains("compiled again"));

        // Reported once: the recompiled entry replaced it, and the next runtime loads that one silently.
        warnings.clear();
        ChicoryRuntime next = runtime(cache());
        runsCorrectly(next.compile(spec("plugin")));
        assertThat(next.codeCache().hits()).isEqualTo(2);
        assertThat(next.codeCache().rejected()).isZero();
        assertThat(warnings).isEmpty();
    }

    @Test
    void theSizeBoundEvictsTheLeastRecentlyUsedEntries() throws IOException {
        byte[] classes = new byte[1000];
        // Every entry has the same size: a one-letter key, no interpreted function, 1000 bytes of classes.
        long entrySize = probeEntrySize(classes);
        CompiledCodeCache store = CompiledCodeCache.open(cache().withMaxBytes(3 * entrySize + 10), warnings::add);
        Instant now = Instant.now();
        for (String key : List.of("a", "b", "c")) {
            store.put(key, Set.of(), classes, key);
        }
        Files.setLastModifiedTime(store.file("a"), FileTime.from(now.minusSeconds(30)));
        Files.setLastModifiedTime(store.file("b"), FileTime.from(now.minusSeconds(20)));
        Files.setLastModifiedTime(store.file("c"), FileTime.from(now.minusSeconds(10)));
        assertThat(store.get("a", "a")).as("a hit renews a").isNotNull();

        store.put("d", Set.of(), classes, "d");

        assertThat(store.file("b")).as("least recently used").doesNotExist();
        assertThat(store.file("a")).exists();
        assertThat(store.file("c")).exists();
        assertThat(store.file("d")).exists();
        assertThat(warnings).isEmpty();
    }

    private long probeEntrySize(byte[] classes) throws IOException {
        CompiledCodeCache probe = CompiledCodeCache.open(CodeCache.at(dir.resolve("probe")), warnings::add);
        probe.put("x", Set.of(), classes, "x");
        return Files.size(probe.file("x"));
    }

    @Test
    void theKeyFileLiesBesideTheFolderAndOnlyItsOwnerCanReadIt() throws IOException {
        CodeCache cache = cache();
        CompiledCodeCache.open(cache, warnings::add);
        Path key = cache.keyFile();
        assertThat(key).exists().hasSize(CacheKeyFile.KEY_BYTES);
        assertThat(key.startsWith(cache.folder())).isFalse();
        if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
        byte[] first = Files.readAllBytes(key);
        CompiledCodeCache.open(cache, warnings::add);
        assertThat(Files.readAllBytes(key)).as("kept, not replaced").isEqualTo(first);
        assertThat(warnings).isEmpty();
    }
}
