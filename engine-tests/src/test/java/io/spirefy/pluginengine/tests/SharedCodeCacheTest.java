package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.CodeCache;
import io.spirefy.pluginengine.api.EngineLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two processes filling one compiled-code cache folder at the same time (contract section 9): both
 * get correct results, and they leave only whole entries that a third process then loads without
 * a warning. Chicory only: the extism runtime keeps its cache its own way.
 */
class SharedCodeCacheTest {

    static final String GUESTS = "anchor-host hook-exclaim hook-upper hook-bracket";
    private static final long KILL_AFTER_SECONDS = 300;

    @TempDir
    Path dir;

    @Test
    void twoProcessesFillingOneFolderAtOnceLeaveItConsistent() throws Exception {
        Path folder = dir.resolve("cache");
        Process a = child(folder, "a");
        Process b = child(folder, "b");
        for (Process p : List.of(a, b)) {
            if (!p.waitFor(KILL_AFTER_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        for (String name : List.of("a", "b")) {
            String out = Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
            assertThat(out).as("child %s", name).contains("RESULT [BOB]!").doesNotContain("PROBLEM");
        }
        assertThat(a.exitValue()).isZero();
        assertThat(b.exitValue()).isZero();

        List<Path> entries;
        try (Stream<Path> files = Files.list(folder.resolve("chicory"))) {
            entries = files.toList();
        }
        assertThat(entries).as("the kernel and four modules, no temporary files")
                .hasSize(5).allMatch(p -> p.getFileName().toString().endsWith(".entry"));

        // A third engine loads every entry (a hit renews its time) and has nothing to report.
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        for (Path e : entries) Files.setLastModifiedTime(e, old);
        RecordingReporter reporter = new RecordingReporter();
        assertThat(CacheChild.run(folder, reporter)).isEqualTo("[BOB]!");
        assertThat(reporter.problems).isEmpty();
        for (Path e : entries) {
            assertThat(Files.getLastModifiedTime(e)).as("%s was loaded", e.getFileName()).isGreaterThan(old);
        }
    }

    private Process child(Path folder, String name) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-Dpluginengine.testPlugins=" + System.getProperty("pluginengine.testPlugins"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CacheChild.class.getName());
        command.add(folder.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    /** One process: an engine on chicory with the cache, the test anchor and its three hooks. */
    static final class CacheChild {

        public static void main(String[] args) {
            RecordingReporter reporter = new RecordingReporter();
            String result = run(Path.of(args[0]), reporter);
            System.out.println("RESULT " + result);
            reporter.problems.forEach(p -> System.out.println("PROBLEM " + p));
            System.exit(reporter.problems.isEmpty() ? 0 : 1);
        }

        static String run(Path folder, RecordingReporter reporter) {
            var builder = io.spirefy.pluginengine.core.PluginEngines.builder().runtime(Runtimes.CHICORY)
                    .limits(EngineLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(30)))
                    .reporter(reporter).codeCache(CodeCache.at(folder));
            try (var engine = builder.build()) {
                for (String guest : GUESTS.split(" ")) {
                    engine.load(TestPlugins.archive(guest));
                }
                engine.start();
                return new String(engine.call("test.anchor", "decorate", "bob".getBytes(StandardCharsets.UTF_8)),
                        StandardCharsets.UTF_8);
            }
        }
    }
}
