package io.spirefy.pluginengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class InspectCommandTest {

    @TempDir
    Path tmp;

    private Path badArchive() throws IOException {
        return Files.write(tmp.resolve("bad.zip"), "this is not a zip".getBytes());
    }

    @Test
    void tablesShowStatesResolutionsAndProblemsAndABadArchiveDoesNotChangeTheExitCode() throws IOException {
        CliRun r = CliRun.of("inspect", "--plugins", CliRun.plugin("anchor-host"), "--plugins", badArchive().toString(),
                "--plugins", CliRun.plugin("hook-upper"), "--plugins", CliRun.plugin("hook-minor"),
                "--plugins", CliRun.plugin("event-sender"), "--plugins", CliRun.plugin("listener-ok"));
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("Plugins (5)", "test.anchor@1.0.0", "RESOLVED")
                .contains("Anchors (1)", "greeting.decorators", "1.2.0")
                .containsPattern("test\\.upper@1\\.0\\.0/upper .*-> 1\\.2\\.0 of test\\.anchor@1\\.0\\.0")
                .containsPattern("test\\.minor@1\\.0\\.0/minor .*unresolved: .*the hook targets 1\\.3\\.x")
                .contains("Events (1)", "greeting.sent")
                .containsPattern("test\\.listen\\.ok@1\\.0\\.0/on-sent .*-> 1\\.0\\.0")
                .contains("Problems (1)", "bad.zip");
    }

    @Test
    void jsonFollowsTheDocumentedShape() throws IOException {
        CliRun r = CliRun.of("inspect", "--json", "--plugins", CliRun.plugin("anchor-host"), "--plugins", CliRun.plugin("hook-upper"),
                "--plugins", CliRun.plugin("hook-minor"), "--plugins", badArchive().toString());
        assertThat(r.code()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());

        JsonNode plugins = root.get("plugins");
        assertThat(plugins).hasSize(3);
        JsonNode anchor = find(plugins, "test.anchor");
        assertThat(anchor.get("version").asText()).isEqualTo("1.0.0");
        assertThat(anchor.get("state").asText()).isEqualTo("RESOLVED");
        assertThat(anchor.get("anchors").get(0).get("id").asText()).isEqualTo("greeting.decorators");
        assertThat(anchor.get("hooks")).isEmpty();
        assertThat(anchor.get("events")).isEmpty();
        assertThat(anchor.get("listeners")).isEmpty();

        JsonNode upper = find(plugins, "test.upper").get("hooks").get(0);
        assertThat(upper.get("ref").asText()).isEqualTo("test.upper@1.0.0/upper");
        assertThat(upper.get("anchorId").asText()).isEqualTo("greeting.decorators");
        assertThat(upper.get("resolved").asBoolean()).isTrue();
        assertThat(upper.get("anchorVersion").asText()).isEqualTo("1.2.0");
        assertThat(upper.has("reason")).isFalse();

        JsonNode minor = find(plugins, "test.minor").get("hooks").get(0);
        assertThat(minor.get("resolved").asBoolean()).isFalse();
        assertThat(minor.has("anchorVersion")).isFalse();
        assertThat(minor.get("reason").asText()).contains("greeting.decorators", "1.2.0", "1.3.x");

        JsonNode problems = root.get("problems");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).get("source").asText()).endsWith("bad.zip");
        assertThat(problems.get(0).get("message").asText()).isNotBlank();
    }

    @Test
    void aDirectoryOfArchivesLoadsThemAll() {
        CliRun r = CliRun.of("inspect", "--json", "--plugins", CliRun.plugins().toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"test.anchor\"", "\"test.echo\"", "\"test.reader\"");
    }

    @Test
    void whenNoPathCanBeReadTheProblemsAreListedAndTheExitCodeIs2() throws IOException {
        CliRun r = CliRun.of("inspect", "--json", "--plugins", badArchive().toString(), "--plugins", tmp.resolve("missing.tgz").toString());
        assertThat(r.code()).isEqualTo(2);
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("plugins")).isEmpty();
        assertThat(root.get("problems")).hasSize(2);
        assertThat(r.errLines()).hasSize(1);
    }

    /** An unpacked plugin folder with this manifest and an empty (valid) module. */
    private Path pluginDir(String name, String manifest) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("plugin.yaml"), manifest);
        Files.write(dir.resolve("plugin.wasm"), new byte[]{0, 'a', 's', 'm', 1, 0, 0, 0});
        return dir;
    }

    @Test
    void aPluginIdWithCapitalsIsInspectedAsWritten() throws IOException {
        Path dir = pluginDir("my-plugin", "id: mycompany.plugins.MyPlugin\nversion: 1.0.0\n");
        CliRun r = CliRun.of("inspect", "--json", "--plugins", dir.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(find(new ObjectMapper().readTree(r.out()).get("plugins"), "mycompany.plugins.MyPlugin")
                .get("version").asText()).isEqualTo("1.0.0");
    }

    @Test
    void requestedAndGrantedPermissionsAreShown() throws IOException {
        Path dir = pluginDir("asks", "id: org.example.asks\nversion: 1.0.0\npermissions: [files, 'host:extism:host/user/app_lookup']\n");
        CliRun text = CliRun.of("inspect", "--plugins", dir.toString(), "--plugins", CliRun.plugin("hook-upper"));
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("PERMISSIONS")
                .containsPattern("org\\.example\\.asks@1\\.0\\.0 .*files, host:extism:host/user/app_lookup \\(granted: none\\)")
                .containsPattern("test\\.upper@1\\.0\\.0 .* - ");
        CliRun json = CliRun.of("inspect", "--json", "--plugins", dir.toString());
        JsonNode permissions = find(new ObjectMapper().readTree(json.out()).get("plugins"), "org.example.asks").get("permissions");
        assertThat(permissions.get("requested")).extracting(JsonNode::asText).containsExactly("files", "host:extism:host/user/app_lookup");
        assertThat(permissions.get("granted")).isEmpty();
    }

    @Test
    void aBadManifestIsReportedAsWhatItIsNotAsAnUnreadablePath() throws IOException {
        Path dir = pluginDir("bad-id", "id: my plugin\nversion: 1.0.0\n");
        CliRun r = CliRun.of("inspect", "--plugins", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("Problems (1)", "does not match");
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("inspect: no plugin could be loaded from " + dir)
                .contains("plugin.yaml: id: 'my plugin' does not match")
                .doesNotContain("could be read");
    }

    private static JsonNode find(JsonNode plugins, String id) {
        for (JsonNode p : plugins) {
            if (p.get("id").asText().equals(id)) return p;
        }
        throw new AssertionError("no plugin " + id + " in " + plugins);
    }
}
