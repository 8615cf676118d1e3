package io.spirefy.pluginengine.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The jlink image built in {@code package}, run as a user would: the launcher as a process, with
 * an empty environment but for a minimal PATH (no JAVA_HOME), on the image's own Java.
 */
class ImageIT {

    private static Path image;

    @BeforeAll
    static void findImage() {
        String dir = System.getProperty("pluginengine.image");
        image = dir == null ? null : Path.of(dir);
        assumeTrue(image != null && Files.isExecutable(image.resolve("bin/plugin-engine")), "no image built at " + dir);
    }

    private record Proc(int code, String out, String err) {
    }

    private static Proc run(String... command) throws IOException, InterruptedException {
        // The CLI caches compiled code in the user's cache folder by default: the build's, not the real one.
        List<String> cmd = new ArrayList<>(List.of("env", "-i", "PATH=/usr/bin:/bin", "XDG_CACHE_HOME=" + testCacheHome()));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        // The outputs are small; read them after exit is safe below the pipe buffer, but read concurrently anyway.
        var err = new java.io.ByteArrayOutputStream();
        Thread t = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // the process ended; what was read is what there is
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("process ended").isTrue();
        t.join();
        return new Proc(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

    private static String testCacheHome() {
        String home = System.getenv("XDG_CACHE_HOME");
        if (home == null) throw new IllegalStateException("XDG_CACHE_HOME is not set (run the tests through Maven)");
        return home;
    }

    private static String launcher() {
        return image.resolve("bin/plugin-engine").toString();
    }

    @Test
    void theImageHoldsOurModulesAsNamedModules() throws Exception {
        Proc r = run(image.resolve("bin/java").toString(), "--list-modules");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("io.spirefy.pluginengine.cli@", "io.spirefy.pluginengine.core@", "io.spirefy.pluginengine.api@",
                "io.spirefy.pluginengine.manifest.yaml@", "io.spirefy.pluginengine.runtime.chicory@", "io.spirefy.pluginengine.runtime.extism@",
                "org.extism.sdk.chicory@", "com.sun.jna@", "info.picocli@");
    }

    @Test
    void theLauncherCallsAPluginWithoutJavaHome() throws Exception {
        Proc r = run(launcher(), "call", "--plugins", CliRun.plugin("echo"), "--input", "hi", "test.echo", "echo");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("echo:hi");
        assertThat(r.err()).isEmpty();
    }

    /**
     * What keeps a one-shot call short (docs/PERFORMANCE.md, "The one-shot CLI"): the CLI's classes,
     * picocli's included, come pre-parsed from the image's CDS archive; choosing the default
     * runtime does not load the native one's JNA and libextism; without a recording the engine
     * creates no JFR event, whose first class starts the JVM's Flight Recorder support; and nothing
     * of a plain call needs Jackson databind (the YAML manifest is read with jackson-core alone).
     */
    @Test
    void aOneShotCallTakesPicocliFromTheCdsArchiveAndLoadsNoJnaJfrOrDatabind(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("class-load.log");
        Proc r = run("PLUGIN_ENGINE_OPTS=-Xlog:class+load=info:file=" + log, launcher(),
                "call", "--plugins", CliRun.plugin("echo"), "--input", "hi", "test.echo", "echo");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> loaded = Files.readAllLines(log);
        assertThat(loaded).filteredOn(line -> line.contains(" picocli.")).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("source: shared objects file"));
        assertThat(loaded).noneMatch(line -> line.contains(" com.sun.jna."));
        assertThat(loaded).noneMatch(line -> line.contains(" jdk.jfr.Event "));
        assertThat(loaded).noneMatch(line -> line.contains(" com.fasterxml.jackson.databind."));
    }

    @Test
    void theCacheIsInTheUsersCacheFolderByDefault() throws Exception {
        Proc r = run(launcher(), "cache", "info");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("folder:   " + Path.of(testCacheHome(), "plugin-engine"), "chicory/", "extism/");
    }

    @Test
    void theLauncherExitCodesAreTheDocumentedOnes() throws Exception {
        assertThat(run(launcher(), "call", "--plugins", CliRun.plugin("failing-hook"), "test.fail", "fail").code()).isEqualTo(1);
        Proc unknown = run(launcher(), "call", "--plugins", CliRun.plugin("echo"), "test.nope", "echo");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().split("\\R")).hasSize(1);
    }

    @Test
    void theDemoRunsFromTheImagesOwnPlugins() throws Exception {
        Proc r = run(launcher(), "demo");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(image.resolve("plugins/demo").toString(), "-> [WORLD]!", "delivered 1, failed 1")
                .contains("Next: plugin-engine demo --languages");
    }

    @Test
    void keygenSignAndVerifyRunFromTheImageWithTheDocumentedExitCodes(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path keys = tmp.resolve("keys");
        Proc keygen = run(launcher(), "keygen", "--out", keys.toString());
        assertThat(keygen.code()).as(keygen.err()).isZero();
        assertThat(Files.getPosixFilePermissions(keys.resolve("publisher.key")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(run(launcher(), "keygen", "--out", keys.toString()).code()).as("never overwrites a key").isEqualTo(2);

        Path signed = tmp.resolve("echo-signed.tar.gz");
        Proc sign = run(launcher(), "sign", "--key", keys.resolve("publisher.key").toString(), CliRun.plugin("echo"), "--out", signed.toString());
        assertThat(sign.code()).as(sign.err()).isZero();
        String pub = keys.resolve("publisher.pub").toString();
        Proc ok = run(launcher(), "verify", "--trust", pub, signed.toString());
        assertThat(ok.code()).as(ok.err()).isZero();

        Proc unsigned = run(launcher(), "verify", "--trust", pub, CliRun.plugin("echo"));
        assertThat(unsigned.code()).isEqualTo(1);
        assertThat(unsigned.err()).contains("not signed");

        Proc call = run(launcher(), "call", "--require-signatures", "--trust", pub, "--plugins", signed.toString(),
                "--input", "hi", "test.echo", "echo");
        assertThat(call.code()).as(call.err()).isZero();
        assertThat(call.out()).isEqualTo("echo:hi");
    }

    @Test
    void aPluginGrantedFilesWritesInItsFolderUnderDataFromTheImage(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Proc granted = run(launcher(), "call", "--grant", "test.files.c=files", "--data", data.toString(),
                "--plugins", CliRun.plugin("files-c"), "--input", "from the image", "test.files.c", "write");
        assertThat(granted.code()).as(granted.err()).isZero();
        assertThat(granted.out()).isEqualTo("ok");
        assertThat(Files.readString(data.resolve("test.files.c/c.txt"))).isEqualTo("from the image");

        Proc refused = run(launcher(), "call", "--data", data.resolve("other").toString(),
                "--plugins", CliRun.plugin("files-c"), "--input", "x", "test.files.c", "write");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("WriteFile");
        assertThat(data.resolve("other")).doesNotExist();
    }

    /** Only the archives: running that story here would compile three Go modules (seconds); DemoCommandTest runs it. */
    @Test
    void theImageShipsTheCrossLanguageExamplesForDemoLanguages() throws Exception {
        try (var files = Files.list(image.resolve("plugins/examples"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
                    "greeter-go.tar.gz", "hook-c.tar.gz", "hook-as.tar.gz", "hook-go.tar.gz", "listener-go.tar.gz");
        }
    }
}
