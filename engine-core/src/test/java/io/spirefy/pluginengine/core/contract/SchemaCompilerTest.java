package io.spirefy.pluginengine.core.contract;

import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Event;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.plugin.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaCompilerTest {

    private static final Map<String, Object> NAMED = Map.of("type", "object", "required", List.of("name"),
            "properties", Map.of("name", Map.of("type", "string")));

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void acceptsAMatchingPayloadAndNamesLocationAndSchemaPathOfAViolation() throws Exception {
        PayloadSchema schema = SchemaCompiler.compile(NAMED);
        assertThat(schema.violation(json("{\"name\":\"Ada\"}"))).isNull();
        assertThat(schema.violation(json("{\"name\":5}")))
                .contains("at /name").contains("schema path /properties/name/type").contains("string");
        assertThat(schema.violation(json("{}"))).contains("/required").contains("name");
    }

    @Test
    void aPayloadThatIsNotJsonOrEmptyFails() throws Exception {
        PayloadSchema schema = SchemaCompiler.compile(Map.of());
        assertThat(schema.violation(json("{\"any\":1}"))).isNull();
        assertThat(schema.violation(json("{nope"))).contains("not JSON");
        assertThat(schema.violation(new byte[0])).contains("empty");
    }

    @Test
    void formatsAreChecked() throws Exception {
        PayloadSchema schema = SchemaCompiler.compile(Map.of("type", "string", "format", "date-time"));
        assertThat(schema.violation(json("\"2026-11-30T21:51:00Z\""))).isNull();
        assertThat(schema.violation(json("\"yesterday\""))).contains("date-time");
    }

    @Test
    void draft07IsAccepted() throws Exception {
        PayloadSchema schema = SchemaCompiler.compile(Map.of("$schema", "http://json-schema.org/draft-07/schema#",
                "type", "array", "items", Map.of("type", "integer")));
        assertThat(schema.violation(json("[1,2]"))).isNull();
        assertThat(schema.violation(json("[1,\"x\"]"))).contains("at /1");
    }

    @Test
    void anInvalidSchemaIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> SchemaCompiler.compile(Map.of("type", 5))).isInstanceOf(SchemaException.class)
                .hasMessageContaining("not a valid JSON Schema").hasMessageContaining("/type");
        assertThatThrownBy(() -> SchemaCompiler.compile("string")).isInstanceOf(SchemaException.class)
                .hasMessageContaining("object or a boolean");
        assertThatThrownBy(() -> SchemaCompiler.compile(Map.of("$schema", "http://json-schema.org/draft-04/schema#")))
                .isInstanceOf(SchemaException.class).hasMessageContaining("not supported");
    }

    @Test
    void aRefOutsideTheSchemaIsRefusedAtCompileWithoutReadingIt(@TempDir Path dir) throws Exception {
        // A readable, valid schema file: only the refusal keeps it out.
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.json"), "{\"type\":\"string\"}");
        assertThatThrownBy(() -> SchemaCompiler.compile(Map.of("$ref", elsewhere.toUri().toString())))
                .isInstanceOf(SchemaException.class).hasMessageContaining("not allowed");
        assertThatThrownBy(() -> SchemaCompiler.compile(Map.of("$ref", "http://127.0.0.1:9/elsewhere.json")))
                .isInstanceOf(SchemaException.class).hasMessageContaining("not allowed");
        assertThat(SchemaCompiler.compile(Map.of("$defs", Map.of("s", Map.of("type", "string")), "$ref", "#/$defs/s"))
                .violation(json("5"))).contains("string");
    }

    @Test
    void anInvalidSchemaInADescriptorIsReportedWithItsKeyPath() {
        Version v = Version.of(1, 0, 0);
        PluginDescriptor d = new PluginDescriptor("test.contracts", null, v, null, null, null, false, List.of(),
                List.of(new Anchor("a", null, null, v, NAMED, null), new Anchor("b", null, null, v, null, Map.of("type", "nope"))),
                List.of(), List.of(new Event("e", v, Map.of("minimum", "x"), null)), List.of());
        List<PluginContracts.Invalid> invalid = new ArrayList<>();
        PluginContracts.compile(d, invalid);
        assertThat(invalid).extracting(PluginContracts.Invalid::keyPath)
                .containsExactly("anchors[1].responseSchema", "events[0].schema");
    }

    @Test
    void compiledContractsAreFoundByIdAndVersion() {
        Version v = Version.of(1, 0, 0);
        PluginDescriptor d = new PluginDescriptor("test.contracts", null, v, null, null, null, false, List.of(),
                List.of(new Anchor("a", null, null, v, NAMED, null)), List.of(), List.of(new Event("e", v, NAMED, null)), List.of());
        PluginContracts c = PluginContracts.compileOrThrow(d);
        assertThat(c.anchor("a", v).callSchema()).isNotNull();
        assertThat(c.anchor("a", Version.of(1, 0, 1))).isNull();
        assertThat(c.event("e", v)).isNotNull();
    }
}
