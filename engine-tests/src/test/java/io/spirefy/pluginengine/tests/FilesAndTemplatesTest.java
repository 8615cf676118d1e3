package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PermissionPolicy;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.plugin.Permission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * WriteFile, ReadFile's data-folder fall-back and GenerateFromTemplate behind permissions
 * (contract sections 5 and 9, issue 15 gap 1), from Go plugins built with pdk/go and with the
 * original Go PDK's import names, and from C. Go modules take seconds to compile on the pure-JVM
 * runtime, so each runtime shares one engine, with a small quota and output bound to hit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilesAndTemplatesTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";
    private static final long QUOTA = 4096;
    private static final long TEMPLATE_OUTPUT = 1000;

    private final Map<String, EngineHarness> engines = new HashMap<>();
    private final Map<String, Path> roots = new HashMap<>();

    @AfterAll
    void close() {
        engines.values().forEach(EngineHarness::close);
    }

    /** files-go and compat-pdk-go granted files and templates; files-c asks for files and is not granted it. */
    private EngineHarness engine(String runtime) {
        return engines.computeIfAbsent(runtime, r -> {
            Path root;
            try {
                root = Files.createTempDirectory("pluginengine-data-" + r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            roots.put(r, root);
            PermissionPolicy policy = PermissionPolicy.grant("test.files.go", Permission.FILES, Permission.TEMPLATES)
                    .or(PermissionPolicy.grant("test.compat.pdk", Permission.FILES, Permission.TEMPLATES));
            EngineHarness h = new EngineHarness(r, EngineLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(30)),
                    b -> b.permissions(policy).dataRoot(root).dataQuotaBytes(QUOTA).templateOutputBytes(TEMPLATE_OUTPUT), "files-c");
            for (String go : new String[] {"files-go", "compat-pdk-go"}) {
                LoadResult loaded = h.engine.load(TestPlugins.goGuest(go));
                assertThat(loaded.problems()).as("problems loading %s", go).isEmpty();
            }
            h.engine.start();
            return h;
        });
    }

    private static String failure(EngineHarness h, String plugin, String function, String input) {
        try {
            return "no failure: " + h.call(plugin, function, input);
        } catch (PluginCallException e) {
            return e.getMessage();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aGrantedGoPluginWritesReadsBackRendersAndLogs(String runtime) throws IOException {
        EngineHarness h = engine(runtime);
        assertThat(h.call("test.files.go", "story", "bob")).isEqualTo("<dear bob><bye> from files-go");
        assertThat(Files.readString(roots.get(runtime).resolve("test.files.go/notes/bob.txt"))).isEqualTo("dear bob");
        assertThat(h.call("test.files.go", "render", "{{#if ok}}{{#with who}}{{name}}{{/with}}{{else}}no{{/if}}\n"
                + "{\"ok\":true,\"who\":{\"name\":\"<b>\"}}")).isEqualTo("&lt;b&gt;");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aPluginWrittenAgainstTheOriginalGoPdkNamesWorks(String runtime) {
        EngineHarness h = engine(runtime);
        assertThat(h.call("test.compat.pdk", "compat_story", "ann")).isEqualTo("[hi ann]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void grantsAreVisibleBesideWhatWasAsked(String runtime) {
        EngineHarness h = engine(runtime);
        PluginInfo go = h.engine.plugin("test.files.go").orElseThrow();
        assertThat(go.requestedPermissions()).containsExactly(Permission.FILES, Permission.TEMPLATES);
        assertThat(go.grantedPermissions()).containsExactly(Permission.FILES, Permission.TEMPLATES);
        PluginInfo c = h.engine.plugin("test.files.c").orElseThrow();
        assertThat(c.requestedPermissions()).containsExactly(Permission.FILES);
        assertThat(c.grantedPermissions()).isEmpty();
    }

    /**
     * Not granted, WriteFile is not offered: the module does not link, so the plugin's first call
     * fails naming the import (once imports are checked at load, section 7, it does not resolve).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void notGrantedTheFunctionIsNotOffered(String runtime) {
        EngineHarness h = engine(runtime);
        assertThat(failure(h, "test.files.c", "write", "x")).contains("WriteFile");
        assertThat(roots.get(runtime).resolve("test.files.c")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void writesCannotLeaveTheDataFolder(String runtime) throws IOException {
        EngineHarness h = engine(runtime);
        Path root = roots.get(runtime);
        assertThat(failure(h, "test.files.go", "write", "../escape.txt\nx"))
                .contains("WriteFile ../escape.txt: ").contains("contains a '..' segment");
        assertThat(failure(h, "test.files.go", "write", "/tmp/escape.txt\nx")).contains("is absolute");
        assertThat(failure(h, "test.files.go", "read", "../test.compat.pdk/compat/ann.txt")).contains("'..'");
        assertThat(root.resolve("escape.txt")).doesNotExist();

        Path outside = Files.createDirectories(root.resolveSibling(root.getFileName() + "-outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Path folder = Files.createDirectories(root.resolve("test.files.go"));
        Files.deleteIfExists(folder.resolve("link"));
        Files.createSymbolicLink(folder.resolve("link"), outside);
        assertThat(failure(h, "test.files.go", "write", "link/new.txt\nx")).contains("'link/' is a link");
        assertThat(failure(h, "test.files.go", "read", "link/secret.txt")).contains("'link/' is a link");
        assertThat(outside.resolve("new.txt")).doesNotExist();
    }

    /** Tricks the text checks must catch before the file system is touched: nothing may be created. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void pathTricksAreRefusedAsText(String runtime) throws IOException {
        EngineHarness h = engine(runtime);
        Path folder = roots.get(runtime).resolve("test.files.go");
        // libextism ends an error message at its first NUL, and the guest's message starts with the path.
        assertThat(failure(h, "test.files.go", "write", "nul\u0000/../../escape.txt\nx"))
                .startsWith("test.files.go@1.0.0 write: failed: WriteFile nul");
        assertThat(folder.resolve("nul")).doesNotExist();
        assertThat(failure(h, "test.files.go", "write", "C:/Windows/escape.txt\nx")).contains("is absolute");
        assertThat(failure(h, "test.files.go", "write", "c:escape.txt\nx")).contains("is absolute");
        assertThat(failure(h, "test.files.go", "write", "\\\\server\\share\\escape.txt\nx")).contains("backslash");
        assertThat(failure(h, "test.files.go", "write", "..\\..\\escape.txt\nx")).contains("backslash");
        assertThat(failure(h, "test.files.go", "write", "ok/./../../escape.txt\nx")).contains("'..'");
        assertThat(failure(h, "test.files.go", "write", "long/" + "n".repeat(300) + "\nx")).contains("longer than 255 bytes");
        assertThat(failure(h, "test.files.go", "write", "deep/".repeat(40) + "f\nx")).contains("deeper than");
        assertThat(failure(h, "test.files.go", "write", ("w".repeat(200) + "/").repeat(6) + "f\nx")).contains("longer than 1024");
        assertThat(folder.resolve("long")).doesNotExist();
        assertThat(folder.resolve("deep")).doesNotExist();
        assertThat(folder.resolve("w".repeat(200))).doesNotExist();
        assertThat(roots.get(runtime).resolveSibling("escape.txt")).doesNotExist();
    }

    /**
     * Links planted between two writes (by another process sharing the folder): a link over a file
     * the plugin wrote is replaced, never written through nor read; the plugin's whole folder
     * swapped for a link is refused.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void linksPlantedAfterAWriteAreNotFollowed(String runtime) throws IOException {
        EngineHarness h = engine(runtime);
        Path root = roots.get(runtime);
        Path outside = Files.createDirectories(root.resolveSibling(root.getFileName() + "-planted"));
        Path secret = Files.writeString(outside.resolve("secret.txt"), "secret");
        assertThat(h.call("test.files.go", "write", "victim.txt\nfirst")).isEqualTo("ok");
        Path folder = root.resolve("test.files.go");
        Files.delete(folder.resolve("victim.txt"));
        Files.createSymbolicLink(folder.resolve("victim.txt"), secret);
        assertThat(failure(h, "test.files.go", "read", "victim.txt")).contains("is a link");
        assertThat(h.call("test.files.go", "write", "victim.txt\nsecond")).isEqualTo("ok");
        assertThat(Files.readString(secret)).isEqualTo("secret");
        assertThat(Files.isSymbolicLink(folder.resolve("victim.txt"))).isFalse();

        Path moved = root.resolve("moved-away");
        Files.move(folder, moved);
        try {
            Files.createSymbolicLink(folder, outside);
            assertThat(failure(h, "test.files.go", "write", "new.txt\nx")).contains("the data folder of plugin test.files.go is a link");
            assertThat(failure(h, "test.files.go", "read", "secret.txt")).contains("is a link");
            assertThat(outside.resolve("new.txt")).doesNotExist();
        } finally {
            Files.deleteIfExists(folder);
            Files.move(moved, folder);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void writesStopAtTheQuota(String runtime) {
        EngineHarness h = engine(runtime);
        assertThat(failure(h, "test.files.go", "write", "big.bin\n" + "x".repeat((int) QUOTA + 1)))
                .contains("would exceed the data quota of " + QUOTA + " bytes of plugin test.files.go");
        assertThat(h.call("test.files.go", "write", "small.bin\nxyz")).isEqualTo("ok");
        assertThat(h.call("test.files.go", "read", "small.bin")).isEqualTo("xyz");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void templatesAreLockedDownAndBounded(String runtime) {
        EngineHarness h = engine(runtime);
        assertThat(failure(h, "test.files.go", "render", "{{> header}}\n{}"))
                .contains("GenerateFromTemplate template: ").contains("partial 'header' is not available");
        assertThat(failure(h, "test.files.go", "render", "{{log 'x'}}\n{}")).contains("could not find helper: 'log'");
        assertThat(failure(h, "test.files.go", "render", "{{#*inline \"p\"}}x{{/inline}}\n{}")).contains("decorator '*inline' is not allowed");
        assertThat(failure(h, "test.files.go", "render", "{{#each a}}{{this}}{{/each}}\n{\"a\":[\"" + "y".repeat(600) + "\",\"" + "z".repeat(600) + "\"]}"))
                .contains("the output is longer than the limit of " + TEMPLATE_OUTPUT + " bytes");
        assertThat(failure(h, "test.files.go", "render", "{{name.class.name}}\n{\"name\":\"x\"}")).isEqualTo("no failure: ");
    }

    /**
     * A render is Java code inside the plugin's call, which a native runtime's cancel cannot
     * reach: the call's own clock stops it (on chicory the thread's interrupt did already). The
     * same render with time to spare runs to the block budget first, for the time it takes here.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aRenderStopsWhenItsCallRunsOutOfTime(String runtime) {
        EngineHarness h = engine(runtime);
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 2000; i++) items.append(i == 0 ? "" : ",").append(i);
        String input = "{{#each a}}{{#each ../a}}{{/each}}{{/each}}\n{\"a\":" + items.append("]}");
        long full = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // the fastest of three: warmed up, least disturbed
            long t0 = System.nanoTime();
            assertThat(failure(h, "test.files.go", "render", input)).contains("more than 1000000 blocks");
            full = Math.min(full, System.nanoTime() - t0);
        }
        Duration deadline = Duration.ofNanos(full / 10);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> h.engine.call("test.files.go", "render", input.getBytes(java.nio.charset.StandardCharsets.UTF_8), deadline))
                .isInstanceOfSatisfying(PluginCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(io.spirefy.pluginengine.api.CallFailure.TIMEOUT));
        long stopped = System.nanoTime() - t0;
        assertThat(stopped).as("a call given a tenth of the full render's %d ms", full / 1_000_000).isLessThan(full / 2);
    }
}
