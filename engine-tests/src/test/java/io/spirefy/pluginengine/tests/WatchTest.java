package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.FolderAction;
import io.spirefy.pluginengine.api.PluginWatch;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** engine.watch: a folder of archives added, changed, removed and written slowly (contract section 7). */
class WatchTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";
    private static final Duration POLL = Duration.ofMillis(100);

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void addChangeRemoveAndASlowWriteEachDoWhatTheFolderSays(String runtime, @TempDir Path folder) throws Exception {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host");
             PluginWatch watch = h.engine.watch(folder, POLL)) {
            assertThat(watch.folder()).isEqualTo(folder);
            Path exclaim = folder.resolve("exclaim.zip");

            // add
            Files.write(exclaim, GuestVersions.zip("hook-exclaim", "1.0.0"));
            await(() -> actions(h, FolderAction.Kind.LOADED).contains("exclaim.zip test.exclaim@1.0.0"));
            assertThat(h.call("test.anchor", "decorate", "world")).isEqualTo("world!");

            // change: the same file, another build of the plugin
            Files.write(exclaim, ReplaceTest.bracketingExclaim("1.0.1"));
            await(() -> actions(h, FolderAction.Kind.REPLACED).contains("exclaim.zip test.exclaim@1.0.1"));
            assertThat(h.call("test.anchor", "decorate", "world")).isEqualTo("[world]");
            assertThat(h.engine.plugin("test.exclaim@1.0.0")).isEmpty();

            // a name still being downloaded is left alone, whatever it holds
            Files.write(folder.resolve("upper.zip.part"), new byte[]{'P', 'K', 3, 4});

            // a slow writer: chunks closer together than two looks, the file never complete before the end
            byte[] upper = GuestVersions.zip("hook-upper", "1.0.0");
            try (OutputStream out = Files.newOutputStream(folder.resolve("upper.zip"))) {
                for (int i = 0; i < upper.length; i += 128) {
                    out.write(upper, i, Math.min(128, upper.length - i));
                    out.flush();
                    Thread.sleep(POLL.toMillis() / 3);
                }
            }
            await(() -> actions(h, FolderAction.Kind.LOADED).contains("upper.zip test.upper@1.0.0"));
            assertThat(h.call("test.anchor", "decorate", "world")).isEqualTo("[WORLD]");

            // remove
            Files.delete(exclaim);
            await(() -> actions(h, FolderAction.Kind.UNLOADED).contains("exclaim.zip test.exclaim@1.0.1"));
            assertThat(h.call("test.anchor", "decorate", "world")).isEqualTo("WORLD");

            assertThat(actions(h, FolderAction.Kind.FAILED)).as("half-written or ignored files acted on").isEmpty();
            assertThat(h.reporter.problems).isEmpty();
            assertThat(h.reporter.folderActions).extracting(a -> a.kind() + " " + a.file().getFileName())
                    .containsExactly("LOADED exclaim.zip", "REPLACED exclaim.zip", "LOADED upper.zip", "UNLOADED exclaim.zip");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aBadArchiveIsReportedOnceAndABadChangeLeavesThePluginServing(String runtime, @TempDir Path folder) throws Exception {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host");
             PluginWatch ignored = h.engine.watch(folder, POLL)) {
            Files.write(folder.resolve("junk.zip"), "not an archive".getBytes());
            Path exclaim = folder.resolve("exclaim.zip");
            Files.write(exclaim, GuestVersions.zip("hook-exclaim", "1.0.0"));
            await(() -> actions(h, FolderAction.Kind.LOADED).contains("exclaim.zip test.exclaim@1.0.0"));
            await(() -> actions(h, FolderAction.Kind.FAILED).size() == 1);

            Files.write(exclaim, "truncated".getBytes());
            await(() -> actions(h, FolderAction.Kind.FAILED).size() == 2);
            Thread.sleep(POLL.toMillis() * 5);

            assertThat(actions(h, FolderAction.Kind.FAILED)).containsExactly("junk.zip null", "exclaim.zip test.exclaim@1.0.0");
            assertThat(h.call("test.anchor", "decorate", "world")).isEqualTo("world!");
        }
    }

    private static List<String> actions(EngineHarness h, FolderAction.Kind kind) {
        return h.reporter.folderActions.stream().filter(a -> a.kind() == kind)
                .map(a -> a.file().getFileName() + " " + a.pluginRef()).toList();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("not seen within 60 s");
            Thread.sleep(20);
        }
    }
}
