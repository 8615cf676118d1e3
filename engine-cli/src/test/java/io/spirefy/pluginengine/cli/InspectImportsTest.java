package io.spirefy.pluginengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code inspect} shows a plugin whose module imports what the engine does not offer as
 * unresolved, naming the import (contract section 7), without compiling anything.
 */
class InspectImportsTest {

    @TempDir
    Path tmp;

    @Test
    void aPluginWithAnUnknownImportIsShownUnresolvedWithTheImportNamed() throws IOException {
        CliRun r = CliRun.of("inspect", "--no-cache", "--json", "--plugins", CliRun.plugin("unknown-import"), "--plugins", CliRun.plugin("echo"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode plugins = new ObjectMapper().readTree(r.out()).get("plugins");
        JsonNode unknown = find(plugins, "test.unknown.import");
        assertThat(unknown.get("state").asText()).isEqualTo("LOADED");
        assertThat(unknown.get("failure").asText()).contains("extism:host/pluginengine/NoSuchThing").doesNotContain("GetLastError");
        assertThat(find(plugins, "test.echo").get("state").asText()).isEqualTo("RESOLVED");

        CliRun text = CliRun.of("inspect", "--no-cache", "--plugins", CliRun.plugin("unknown-import"));
        assertThat(text.out()).contains("test.unknown.import@1.0.0", "LOADED", "extism:host/pluginengine/NoSuchThing");
    }

    /** The greeter Go example (about 3 MB) with one import renamed: inspect names it, and says how long it took. */
    @Test
    void aGoModuleWithAnUnknownImportIsShownUnresolved() throws IOException {
        Path wasm = CliRun.examples().resolve(".build/greeter-go/greeter.wasm");
        byte[] module = Files.readAllBytes(wasm);
        assertThat(module.length).isGreaterThan(2_000_000);
        String text = new String(module, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("GetLastError");
        assertThat(at).isPositive();
        System.arraycopy("NoSuchThing2".getBytes(StandardCharsets.US_ASCII), 0, module, at, 12);
        Path dir = Files.createDirectories(tmp.resolve("go-unknown"));
        Files.writeString(dir.resolve("plugin.yaml"), "id: test.go.unknown\nversion: 1.0.0\nwasm: greeter.wasm\n");
        Files.write(dir.resolve("greeter.wasm"), module);

        long start = System.nanoTime();
        CliRun r = CliRun.of("inspect", "--no-cache", "--plugins", dir.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("measured: inspect of a " + module.length + "-byte Go module with an unknown import, in process: " + millis + " ms");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("test.go.unknown@1.0.0", "LOADED", "extism:host/pluginengine/NoSuchThing2");
    }

    private static JsonNode find(JsonNode plugins, String id) {
        for (JsonNode p : plugins) {
            if (p.get("id").asText().equals(id)) return p;
        }
        throw new AssertionError("no plugin " + id + " in " + plugins);
    }
}
