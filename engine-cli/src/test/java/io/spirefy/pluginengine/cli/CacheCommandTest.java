package io.spirefy.pluginengine.cli;

import io.spirefy.pluginengine.api.spi.WasmRuntime;
import io.spirefy.pluginengine.cli.cache.CacheFolder;
import io.spirefy.pluginengine.core.PluginEngines;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled-code cache from the command line: on by default in the user's cache folder,
 * {@code --cache DIR}, {@code --no-cache}, and {@code cache info|clear}. Surefire points
 * XDG_CACHE_HOME into target/, so the default folder here is never the real one.
 */
class CacheCommandTest {

    @TempDir
    Path tmp;

    @Test
    void theDefaultFolderFollowsXdgCacheHomeElseTheHomeFolder() {
        assertThat(CacheFolder.byDefault(Map.of("XDG_CACHE_HOME", "/var/cache/u"), "/home/u")).contains(Path.of("/var/cache/u/plugin-engine"));
        assertThat(CacheFolder.byDefault(Map.of("XDG_CACHE_HOME", "relative/dir"), "/home/u")).contains(Path.of("/home/u/.cache/plugin-engine"));
        assertThat(CacheFolder.byDefault(Map.of(), "/home/u")).contains(Path.of("/home/u/.cache/plugin-engine"));
        assertThat(CacheFolder.byDefault(Map.of(), "?")).isEmpty();
        // What surefire set for this JVM: the tests' own folder.
        assertThat(CacheFolder.byDefault()).contains(Path.of(System.getenv("XDG_CACHE_HOME"), "plugin-engine"));
    }

    @Test
    void callWithCacheKeepsLibextismsCodeUnderItsSubfolder() throws IOException {
        requireExtism();
        Path folder = tmp.resolve("c");
        CliRun r = CliRun.of("call", "--runtime", "extism", "--cache", folder.toString(), "--plugins", CliRun.plugin("echo"),
                "--input", "hi", "test.echo", "echo");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("echo:hi");
        assertThat(files(folder.resolve("extism/wasmtime"))).isPositive();

        CliRun info = CliRun.of("cache", "info", "--cache", folder.toString());
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out()).contains("folder:   " + folder).contains("key file: " + tmp.resolve("c.key"))
                .containsPattern("chicory/ +\\d+ entries, \\d+ bytes").containsPattern("extism/ +[1-9]\\d* entries, [1-9]\\d* bytes");
    }

    @Test
    void noCacheWritesNothingAndExcludesCache() throws IOException {
        requireExtism();
        Path folder = tmp.resolve("c");
        CliRun r = CliRun.of("call", "--runtime", "extism", "--no-cache", "--plugins", CliRun.plugin("echo"), "--input", "hi", "test.echo", "echo");
        assertThat(r.code()).as(r.err()).isZero();
        Path byDefault = CacheFolder.byDefault().orElseThrow();
        long before = files(byDefault);
        CliRun again = CliRun.of("call", "--runtime", "extism", "--no-cache", "--plugins", CliRun.plugin("hook-upper"),
                "--input", "hi", "test.upper", "upper");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(files(byDefault)).isEqualTo(before);

        CliRun both = CliRun.of("call", "--cache", folder.toString(), "--no-cache", "--plugins", CliRun.plugin("echo"), "test.echo", "echo");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--cache and --no-cache cannot be given together");
        assertThat(folder).doesNotExist();
    }

    @Test
    void withoutEitherOptionTheDefaultFolderIsUsed() throws IOException {
        requireExtism();
        Path byDefault = CacheFolder.byDefault().orElseThrow();
        CliRun r = CliRun.of("call", "--runtime", "extism", "--plugins", CliRun.plugin("hook-bracket"), "--input", "x", "test.bracket", "bracket");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(files(byDefault.resolve("extism/wasmtime"))).isPositive();
        assertThat(CliRun.of("cache", "info").out()).contains("folder:   " + byDefault);
    }

    @Test
    void clearDeletesTheEntriesButNotTheKeyFileNorAnythingElse() throws IOException {
        Path folder = tmp.resolve("c");
        Files.createDirectories(folder.resolve("chicory/ab"));
        Files.write(folder.resolve("chicory/ab/entry1"), new byte[100]);
        Files.write(folder.resolve("chicory/entry2"), new byte[20]);
        Files.createDirectories(folder.resolve("extism/wasmtime/modules"));
        Files.write(folder.resolve("extism/wasmtime/modules/m"), new byte[7]);
        Files.writeString(folder.resolve("extism/wasmtime-cache.toml"), "[cache]\n");
        Files.write(tmp.resolve("c.key"), new byte[32]);
        Files.writeString(folder.resolve("notes.txt"), "mine");

        CliRun info = CliRun.of("cache", "info", "--cache", folder.toString());
        assertThat(info.out()).containsPattern("chicory/ +2 entries, 120 bytes").containsPattern("extism/ +1 entries, 7 bytes");

        CliRun clear = CliRun.of("cache", "clear", "--cache", folder.toString());
        assertThat(clear.code()).as(clear.err()).isZero();
        assertThat(clear.out()).contains("3 entries, 127 bytes");
        assertThat(files(folder.resolve("chicory"))).isZero();
        assertThat(files(folder.resolve("extism/wasmtime"))).isZero();
        assertThat(folder.resolve("chicory")).isDirectory();
        assertThat(tmp.resolve("c.key")).exists();
        assertThat(folder.resolve("notes.txt")).exists();
        assertThat(folder.resolve("extism/wasmtime-cache.toml")).exists();
        assertThat(CliRun.of("cache", "info", "--cache", folder.toString()).out())
                .containsPattern("chicory/ +0 entries, 0 bytes").containsPattern("extism/ +0 entries, 0 bytes");
    }

    @Test
    void infoOfAFolderNotYetMadeSaysSo() {
        CliRun info = CliRun.of("cache", "info", "--cache", tmp.resolve("none").toString());
        assertThat(info.code()).isZero();
        assertThat(info.out()).contains("(not created yet)").containsPattern("chicory/ +0 entries");
    }

    private static long files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    private static void requireExtism() {
        Optional<WasmRuntime> extism = PluginEngines.runtimes().stream().filter(r -> r.name().equals("extism")).findFirst();
        assertThat(extism).as("the extism runtime on the test path").isPresent();
        extism.get().unavailableReason().ifPresent(Assumptions::abort);
    }
}
