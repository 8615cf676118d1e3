package io.spirefy.pluginengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code inspect} shows the payload contracts (contract section 10) an anchor and an event declare. */
class InspectSchemasTest {

    /** The smallest valid module: inspect only needs the manifest's declarations. */
    private static final byte[] EMPTY_MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0};

    private static final String MANIFEST = """
            id: test.schemas
            version: 1.0.0
            wasm: empty.wasm
            anchors:
              - id: greeting.checked
                version: 1.0.0
                callSchema:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
              - id: greeting.free
                version: 1.0.0
            events:
              - id: greeting.done
                version: 1.0.0
                schema: {anyOf: [{type: string}, {type: object, properties: {a_rather_long_property_name: {type: integer}}}]}
            """;

    @TempDir
    Path tmp;

    private String plugin() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("schemas"));
        Files.writeString(dir.resolve("plugin.yaml"), MANIFEST);
        Files.write(dir.resolve("empty.wasm"), EMPTY_MODULE);
        return dir.toString();
    }

    @Test
    void textShowsAShortFormOfEachSchema() throws IOException {
        CliRun r = CliRun.of("inspect", "--no-cache", "--plugins", plugin());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("greeting\\.checked .*callSchema: yes \\(type object, required \\[name\\], properties \\[name\\]\\); responseSchema: no")
                .containsPattern("greeting\\.free .*callSchema: no; responseSchema: no")
                .containsPattern("greeting\\.done .*schema: yes \\(\\{\"anyOf\":\\[\\{\"type\":\"string\"\\}.*\\.\\.\\.\\)");
    }

    @Test
    void jsonCarriesTheSchemasAsJson() throws IOException {
        CliRun r = CliRun.of("inspect", "--no-cache", "--json", "--plugins", plugin());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode p = new ObjectMapper().readTree(r.out()).get("plugins").get(0);
        JsonNode checked = p.get("anchors").get(0);
        assertThat(checked.get("id").asText()).isEqualTo("greeting.checked");
        assertThat(checked.get("callSchema").get("required").get(0).asText()).isEqualTo("name");
        assertThat(checked.get("callSchema").get("properties").get("name").get("type").asText()).isEqualTo("string");
        assertThat(checked.get("responseSchema").isNull()).isTrue();
        assertThat(p.get("anchors").get(1).get("callSchema").isNull()).isTrue();
        JsonNode event = p.get("events").get(0);
        assertThat(event.get("schema").get("anyOf")).hasSize(2);
    }
}
