package io.spirefy.pluginengine.manifest.yaml;

import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.spi.ManifestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.spirefy.pluginengine.manifest.yaml.Manifests.SOURCE;
import static io.spirefy.pluginengine.manifest.yaml.Manifests.errors;
import static io.spirefy.pluginengine.manifest.yaml.Manifests.minimal;
import static io.spirefy.pluginengine.manifest.yaml.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

class ManifestErrorsTest {

    /** The one error of a manifest, asserted to be the only one and to name the source. */
    private static Problem onlyError(String yaml) {
        List<Problem> problems = errors(yaml);
        assertThat(problems).hasSize(1);
        Problem p = problems.get(0);
        assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
        assertThat(p.source()).isEqualTo(SOURCE);
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            id                          | version: 1.0.0
            version                     | id: org.example.a
            hooks[0].id                 | id: a\\nversion: 1.0.0\\nhooks:\\n  - {anchorId: x, func: f}
            hooks[0].anchorId           | id: a\\nversion: 1.0.0\\nhooks:\\n  - {id: h, func: f}
            hooks[0].func               | id: a\\nversion: 1.0.0\\nhooks:\\n  - {id: h, anchorId: x}
            anchors[1].id               | id: a\\nversion: 1.0.0\\nanchors:\\n  - {id: x}\\n  - {name: Unnamed}
            events[0].id                | id: a\\nversion: 1.0.0\\nevents:\\n  - {version: 1.0.0}
            listeners[0].eventId        | id: a\\nversion: 1.0.0\\nlisteners:\\n  - {func: f}
            listeners[0].func           | id: a\\nversion: 1.0.0\\nlisteners:\\n  - {eventId: e}
            dependencies[0].pluginId    | id: a\\nversion: 1.0.0\\ndependencies:\\n  - {minVersion: 1.0.0}
            hooks[0].dependencies[0].pluginId | id: a\\nversion: 1.0.0\\nhooks:\\n  - {id: h, anchorId: x, func: f, dependencies: [{maxVersion: 2.0.0}]}
            """)
    void reportsEachMissingRequiredKeyByItsPath(String keyPath, String yaml) {
        Problem p = onlyError(yaml.replace("\\n", "\n"));
        assertThat(p.keyPath()).isEqualTo(keyPath);
        assertThat(p.message()).startsWith("required ").contains("is missing");
        assertThat(p.toString()).startsWith(SOURCE + ": " + keyPath + ": required ");
    }

    @Test
    void aRequiredKeyWithoutValueSaysSo() {
        Problem p = onlyError(minimal("hooks:\n  - id: h\n    anchorId: x\n    func:\n"));
        assertThat(p.keyPath()).isEqualTo("hooks[0].func");
        assertThat(p.message()).isEqualTo("required string is missing (the key has no value)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            hooks[0].order        | hooks: [{id: h, anchorId: x, func: f, order: high}]           | expected an integer, got the string 'high' (line 3, column
            hooks[0].order        | hooks: [{id: h, anchorId: x, func: f, order: 1.5}]            | expected an integer, got the number 1.5
            listeners[0].order    | listeners: [{eventId: e, func: f, order: 9999999999}]         | expected an integer from -2147483648 to 2147483647, got 9999999999
            loadOnStart           | loadOnStart: yes                                              | expected a boolean (true or false), got the string 'yes'
            loadOnStart           | loadOnStart: 'true'                                           | expected a boolean (true or false), got the string 'true'
            hooks[0].func         | hooks: [{id: h, anchorId: x, func: 42}]                       | expected a string, got the integer 42 (line 3, column 36); quote it if it is meant as text
            hooks[0].anchorId     | hooks: [{id: h, anchorId: [x], func: f}]                      | expected a string, got a list
            name                  | name: {first: G}                                              | expected text, got a mapping
            hooks                 | hooks: {id: h}                                                | expected a list of hook entries (each a mapping starting with '- '), got a mapping
            anchors[0]            | anchors: [greeting]                                           | expected a mapping with the keys of an anchor (id, name, description, version, callSchema, responseSchema), got the string 'greeting'
            hooks[0].id           | hooks: [{id: '', anchorId: x, func: f}]                       | must not be empty
            sha256                | sha256: abc123                                                | 'abc123' is not a SHA-256 digest (expected 64 hexadecimal digits, got 6 characters)
            wasm                  | wasm: ../other/x.wasm                                         | contains a '..' segment
            wasm                  | wasm: /abs/x.wasm                                             | is absolute
            wasm                  | wasm: 'bin\\x.wasm'                                           | contains a backslash
            """)
    void reportsWrongTypesWithWhatWasFoundAndExpected(String keyPath, String yaml, String message) {
        Problem p = onlyError(minimal(yaml + "\n"));
        assertThat(p.keyPath()).isEqualTo(keyPath);
        assertThat(p.message()).contains(message);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            version                       | version: '1.2'       | '1.2' is not a SemVer 2.0.0 version (expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.2.3 or 2.0.0-rc.1) (line 1, column 10)
            version                       | version: 01.2.3      | '01.2.3' is not a SemVer 2.0.0 version
            version                       | version: v1.2.3      | 'v1.2.3' is not a SemVer 2.0.0 version
            version                       | version: 1.0         | expected a SemVer version string, got the number 1.0 (line 1, column 10), which YAML reads as a number: write MAJOR.MINOR.PATCH (e.g. 1.0.0) or quote it
            version                       | version: 2           | expected a SemVer version string, got the integer 2
            version                       | version: [1, 0, 0]   | expected a SemVer version string (e.g. 1.2.3), got a list
            anchors[0].version            | anchors: [{id: a, version: 1.2}]                 | got the number 1.2
            hooks[0].anchorVersion        | hooks: [{id: h, anchorId: a, func: f, anchorVersion: 1.x}] | '1.x' is not a SemVer 2.0.0 version
            events[0].version             | events: [{id: e, version: 1.0.0-}]               | '1.0.0-' is not a SemVer 2.0.0 version
            listeners[0].eventVersion     | listeners: [{eventId: e, func: f, eventVersion: latest}] | 'latest' is not a SemVer 2.0.0 version
            dependencies[0].maxVersion    | dependencies: [{pluginId: b, maxVersion: 2}]     | got the integer 2
            """)
    void reportsBadVersions(String keyPath, String yaml, String message) {
        String manifest = yaml.startsWith("version:") ? yaml + "\nid: org.example.a\n" : minimal(yaml + "\n");
        Problem p = onlyError(manifest);
        assertThat(p.keyPath()).isEqualTo(keyPath);
        assertThat(p.message()).contains(message);
    }

    @Test
    void reportsAPluginIdOutsideTheGrammar() {
        Problem p = onlyError("id: Org.Example!\nversion: 1.0.0\n");
        assertThat(p.keyPath()).isEqualTo("id");
        assertThat(p.message()).startsWith("'Org.Example!' does not match [A-Za-z0-9]+([._-][A-Za-z0-9]+)*")
                .contains("letters (either case) and digits");
        assertThat(errors("id: org..example\nversion: 1.0.0\n")).extracting(Problem::keyPath).containsExactly("id");
        assertThat(errors("id: .MyPlugin\nversion: 1.0.0\n")).extracting(Problem::keyPath).containsExactly("id");
        assertThat(errors(minimal("dependencies: [{pluginId: My Core}]\n"))).extracting(Problem::keyPath)
                .containsExactly("dependencies[0].pluginId");
    }

    @Test
    void reservesThePluginIdHost() {
        Problem p = onlyError("id: host\nversion: 1.0.0\n");
        assertThat(p.keyPath()).isEqualTo("id");
        assertThat(p.message()).contains("'host' is reserved");
    }

    @Test
    void reportsADependencyRangeThatMatchesNothing() {
        Problem p = onlyError(minimal("dependencies:\n  - {pluginId: core, minVersion: 2.0.0, maxVersion: 1.0.0}\n"));
        assertThat(p.keyPath()).isEqualTo("dependencies[0].minVersion");
        assertThat(p.message()).startsWith("minVersion 2.0.0 is not lower than maxVersion 1.0.0");
        assertThat(onlyError(minimal("dependencies:\n  - {pluginId: core, minVersion: 1.0.0, maxVersion: 1.0.0}\n"))
                .keyPath()).isEqualTo("dependencies[0].minVersion");
    }

    @Test
    void reportsRepeatedIdsNamingBothEntries() {
        List<Problem> problems = errors(minimal("""
                anchors: [{id: a}, {id: b}, {id: a}]
                hooks:
                  - {id: h, anchorId: a, func: f}
                  - {id: h, anchorId: b, func: g}
                events: [{id: e}, {id: e}]
                listeners:
                  - {eventId: e, func: onE}
                  - {id: onE, eventId: e, func: other}
                  - {eventId: e, func: onE}
                  - {id: ~, eventId: e, func: onE}
                """));
        assertThat(problems).extracting(Problem::keyPath, Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("anchors[2].id", "anchor id 'a' is already used by anchors[0]; anchor ids must be unique in the plugin"),
                org.assertj.core.groups.Tuple.tuple("hooks[1].id", "hook id 'h' is already used by hooks[0]; hook ids must be unique in the plugin"),
                org.assertj.core.groups.Tuple.tuple("events[1].id", "event id 'e' is already used by events[0]; event ids must be unique in the plugin"),
                org.assertj.core.groups.Tuple.tuple("listeners[1].id", "listener id 'onE' is already used by listeners[0]; listener ids must be unique in the plugin"),
                org.assertj.core.groups.Tuple.tuple("listeners[2].func", "listener id 'onE' is already used by listeners[0]; listener ids must be unique in the plugin"),
                org.assertj.core.groups.Tuple.tuple("listeners[3].func", "listener id 'onE' is already used by listeners[0]; listener ids must be unique in the plugin"));
    }

    @Test
    void reportsEveryErrorTogether() {
        List<Problem> problems = errors("""
                id: Bad Id
                version: 1.0
                loadOnStart: sometimes
                sha256: xyz
                hooks:
                  - id: h
                    func: f
                    order: high
                  - id: h
                    anchorId: a
                listeners:
                  - eventId: e
                """);
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
            assertThat(p.source()).isEqualTo(SOURCE);
        });
        assertThat(problems).extracting(Problem::keyPath).containsExactly(
                "id", "version", "sha256", "loadOnStart",
                "hooks[0].anchorId", "hooks[0].order",
                "hooks[1].id", "hooks[1].func",
                "listeners[0].func");
        // The exception's message lists them all too, each with source and key path.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("id: Bad Id\nversion: 1.0\n"))
                .hasMessageContaining(SOURCE + ": id: 'Bad Id' does not match")
                .hasMessageContaining("; " + SOURCE + ": version: expected a SemVer version string");
    }

    @Test
    void reportsUnknownKeysAsWarningsAtEveryLevel() {
        String yaml = minimal("""
                author: someone
                hooks:
                  - id: h
                    anchorId: a
                    func: f
                    colour: red
                    metadata: {anything: goes, nested: {free: form}}
                anchors:
                  - id: a
                    dependencies: [{pluginId: core}]
                    callSchema: {unknownInSchema: fine}
                events: [{id: e, payload: x}]
                listeners: [{eventId: e, func: f, Func: g}]
                dependencies: [{pluginId: core, range: '^1'}]
                """);
        ManifestResult result = parse(yaml);
        assertThat(result.descriptor().hooks()).hasSize(1);
        assertThat(result.warnings()).allSatisfy(w -> {
            assertThat(w.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(w.source()).isEqualTo(SOURCE);
            assertThat(w.message()).startsWith("unknown key (line ").endsWith("(ignored)");
        });
        assertThat(result.warnings()).extracting(Problem::keyPath).containsExactlyInAnyOrder(
                "author", "hooks[0].colour", "anchors[0].dependencies", "events[0].payload",
                "listeners[0].Func", "dependencies[0].range");
        assertThat(result.warnings()).filteredOn(w -> w.keyPath().equals("hooks[0].colour")).singleElement()
                .extracting(Problem::message).isEqualTo("unknown key (line 8, column 13); expected one of id, anchorId, anchorVersion, func, order,"
                        + " name, description, metadata, dependencies (ignored)");
        assertThat(result.warnings()).filteredOn(w -> w.keyPath().equals("listeners[0].Func")).singleElement()
                .extracting(Problem::message).asString().contains("did you mean 'func'?");

        // Strict mode: the same keys are errors, and the manifest is refused.
        List<Problem> strict = errors(yaml, true);
        assertThat(strict).extracting(Problem::keyPath).containsExactlyInAnyOrder(
                "author", "hooks[0].colour", "anchors[0].dependencies", "events[0].payload",
                "listeners[0].Func", "dependencies[0].range");
        assertThat(strict).allSatisfy(p -> assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR));
    }

    @Test
    void reportsDuplicateKeys() {
        List<Problem> problems = errors(minimal("hooks:\n  - id: h\n    anchorId: a\n    func: f\n    func: g\n"));
        assertThat(problems).extracting(Problem::keyPath).containsExactly("hooks[0].func");
        assertThat(problems.get(0).message()).isEqualTo("duplicate key at line 7; it was already given at line 6"
                + " (keys in a mapping must be unique)");
    }

    @Test
    void reportsMalformedYamlWithLineAndColumn() {
        Problem p = onlyError("id: org.example.a\nversion: 1.0.0\nhooks:\n  - id: h\n   func: [unclosed\n");
        assertThat(p.keyPath()).isNull();
        assertThat(p.message()).matches("malformed YAML at line \\d+, column \\d+: .+");

        Problem tab = onlyError("id: a\nversion: 1.0.0\n\tname: x\n");
        assertThat(tab.message()).startsWith("malformed YAML at line 3, column");
    }

    @Test
    void reportsEmptyAndNonMappingDocuments() {
        assertThat(onlyError("").message()).isEqualTo("the manifest is empty; expected a mapping with at least 'id' and 'version'");
        assertThat(onlyError("# only a comment\n").message()).startsWith("the manifest is empty");
        assertThat(onlyError("---\n").message()).startsWith("the manifest is empty");
        assertThat(onlyError("- id: a\n").message()).isEqualTo(
                "expected a mapping of manifest keys (id, version, ...) at the top level, got a list (line 1, column 1)");
        assertThat(onlyError("just text").message()).contains("got the string 'just text'");
        assertThat(onlyError(minimal("---\nid: other\n")).message()).startsWith("a second YAML document starts at line 4");
    }

    @Test
    void reportsInvalidUtf8() {
        byte[] bytes = {'i', 'd', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'};
        List<Problem> problems = errors(bytes, false);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).message()).containsIgnoringCase("YAML");
    }
}
