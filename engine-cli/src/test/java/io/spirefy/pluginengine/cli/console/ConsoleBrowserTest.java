package io.spirefy.pluginengine.cli.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser: headless Chromium from Debian's packages (scripts/ensure-browser
 * installs it for CI), driven by src/test/browser/console-check.mjs. Without Chromium the test is
 * skipped, unless PLUGINENGINE_REQUIRE_BROWSER=true (CI), where that is a failure.
 */
class ConsoleBrowserTest {

    @TempDir
    Path tmp;

    @Test
    void thePageShowsTheDemoAndItsPendingHookKeepsHostileTextAsTextAndItsButtonReloads() throws Exception {
        Path chromium = chromium();
        List<String> cast = new ArrayList<>(ConsoleFixture.DEMO);
        cast.remove("hook-upper"); // served unpacked below, so that the test can give it a new version
        Path dir = ConsoleFixture.folderOf(tmp.resolve("plugins"), cast);
        Path upper = ConsoleFixture.unpackedUpper(dir.resolve("upper"), m -> m);
        ConsoleFixture.unpackedUpper(dir.resolve("hostile"), m -> m.replace("id: test.upper", "id: test.hostile")
                + "description: '" + ConsoleFixture.HOSTILE.replace("'", "''") + "'\n");
        Path screenshot = Path.of("target", "console.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);

        JsonNode seen;
        try (ConsoleFixture console = ConsoleFixture.start("--plugins", dir.toString())) {
            Files.writeString(upper.resolve("plugin.yaml"), Files.readString(upper.resolve("plugin.yaml")).replace("version: 1.0.0", "version: 1.0.1"));
            seen = drive(chromium, console.uri().toString(), "test.upper@1.0.0", screenshot);
            assertThat(console.stop()).isZero();
        }

        JsonNode before = seen.get("before");
        List<String> shown = new ArrayList<>();
        before.get("plugins").forEach(p -> shown.add(p.asText()));
        assertThat(shown).contains("test.anchor@1.0.0", "test.upper@1.0.0", "test.bracket@1.0.0", "test.minor@1.0.0",
                "test.trap@1.0.0", "test.hostile@1.0.0");
        String text = before.get("text").asText();
        assertThat(text).contains("test.minor@1.0.0/minor", "the hook targets 1.3.x", "Pending");
        assertThat(before.get("status").asText()).startsWith("live");
        assertThat(before.get("graphLoaded").asBoolean()).isTrue();
        // The hostile description is drawn as its characters; its markup made no element and ran nothing.
        assertThat(text).contains(ConsoleFixture.HOSTILE);
        assertThat(before.get("injected").asInt()).isZero();
        assertThat(before.get("title").asText()).isEqualTo("PluginEngine console");

        JsonNode after = seen.get("after");
        assertThat(after.get("message").asText()).contains("reloaded test.upper@1.0.0 as test.upper@1.0.1");
        List<String> afterPlugins = new ArrayList<>();
        after.get("plugins").forEach(p -> afterPlugins.add(p.asText()));
        assertThat(afterPlugins).contains("test.upper@1.0.1").doesNotContain("test.upper@1.0.0");
        assertThat(after.get("title").asText()).isEqualTo("PluginEngine console");
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    private static JsonNode drive(Path chromium, String url, String reloadRef, Path screenshot) throws IOException, InterruptedException {
        Path script = Path.of("src", "test", "browser", "console-check.mjs").toAbsolutePath();
        Path out = Files.createTempFile("console-check", ".json");
        Path err = Files.createTempFile("console-check", ".err");
        try {
            Process p = new ProcessBuilder("node", script.toString(), chromium.toString(), url, reloadRef, screenshot.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("console-check did not finish: " + Files.readString(err));
            }
            assertThat(p.exitValue()).as("console-check: %s", Files.readString(err)).isZero();
            return new ObjectMapper().readTree(Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Path chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return p;
            }
        }
        boolean required = "true".equals(System.getenv("PLUGINENGINE_REQUIRE_BROWSER"));
        if (required) throw new AssertionError("chromium is not installed and PLUGINENGINE_REQUIRE_BROWSER=true (scripts/ensure-browser installs it)");
        Assumptions.abort("chromium is not installed (scripts/ensure-browser installs it)");
        return null;
    }
}
