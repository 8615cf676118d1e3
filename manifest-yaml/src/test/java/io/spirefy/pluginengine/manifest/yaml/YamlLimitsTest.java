package io.spirefy.pluginengine.manifest.yaml;

import io.spirefy.pluginengine.api.Problem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.spirefy.pluginengine.manifest.yaml.Manifests.errors;
import static io.spirefy.pluginengine.manifest.yaml.Manifests.minimal;
import static io.spirefy.pluginengine.manifest.yaml.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** Documents built to exhaust the host end in one clean ManifestException. */
class YamlLimitsTest {

    @Test
    void refusesABillionLaughs() {
        // Nine levels of ten aliases each: 10^9 strings once expanded, 800 bytes as written.
        StringBuilder yaml = new StringBuilder(minimal("hooks:\n  - id: h\n    anchorId: a\n    func: f\n    metadata:\n"));
        yaml.append("      l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            String p = "*l" + (i - 1);
            yaml.append("      l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, p))).append("]\n");
        }
        List<Problem> problems = errors(yaml.toString());
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).keyPath()).startsWith("hooks[0].metadata.l");
        assertThat(problems.get(0).message()).contains("more than 100000 values once its aliases are expanded");
    }

    @Test
    void refusesAnAliasToItself() {
        List<Problem> problems = errors(minimal("anchors:\n  - &me {id: a, callSchema: *me}\n"));
        assertThat(problems).extracting(Problem::keyPath).containsExactly("anchors[0].callSchema");
        assertThat(problems.get(0).message()).startsWith("alias *me at line 4, column").contains("names no anchor (&me) completed before it");
    }

    @Test
    void refusesDeepNesting() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        List<Problem> problems = errors(minimal("hooks: [{id: h, anchorId: a, func: f, metadata: " + deep + "}]\n"));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).keyPath()).startsWith("hooks[0].metadata[0][0]");
        assertThat(problems.get(0).message()).startsWith("nesting deeper than 64 levels");
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        // Top-level mapping (1), hooks list (2), hook (3), metadata at depth 4: 61 more levels fit.
        String nested = "[".repeat(61) + "]".repeat(61);
        Object metadata = parse(minimal("hooks: [{id: h, anchorId: a, func: f, metadata: " + nested + "}]\n"))
                .descriptor().hooks().get(0).metadata();
        int depth = 0;
        for (Object o = metadata; o instanceof List<?> l; o = l.isEmpty() ? null : l.get(0)) depth++;
        assertThat(depth).isEqualTo(61);
    }

    @Test
    void refusesAnOversizedManifest() {
        byte[] big = (minimal("description: |\n") + "  lorem ipsum\n".repeat(YamlTreeReader.MAX_BYTES / 14)).getBytes(StandardCharsets.UTF_8);
        List<Problem> problems = errors(big, false);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).message()).startsWith("the manifest is " + big.length + " bytes; at most 1048576");
    }

    @Test
    void refusesAnOverlongLine() {
        String manifest = minimal("description: |\n  short\n") + "name: " + "x".repeat(YamlTreeReader.MAX_LINE_BYTES) + "\n";
        List<Problem> problems = errors(manifest.replace("\n", "\r\n"));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).message()).startsWith("line 5 is " + (YamlTreeReader.MAX_LINE_BYTES + 6) + " bytes long; at most 65536");
    }

    @Test
    void acceptsLongValuesSpreadOverLines() {
        String text = "x".repeat(60_000) + "\n";
        String manifest = minimal("description: |\n") + ("  " + text).repeat(8);
        assertThat(parse(manifest).descriptor().description()).isEqualTo(text.repeat(8));
    }

    @Test
    void acceptsModestAliasUse() {
        StringBuilder yaml = new StringBuilder(minimal("anchors:\n"));
        yaml.append("  - {id: a0, callSchema: &schema {type: object, properties: {x: {type: string}}}}\n");
        for (int i = 1; i < 200; i++) yaml.append("  - {id: a").append(i).append(", callSchema: *schema}\n");
        assertThat(parse(yaml.toString()).descriptor().anchors()).hasSize(200)
                .allSatisfy(a -> assertThat(a.callSchema()).isEqualTo(java.util.Map.of("type", "object",
                        "properties", java.util.Map.of("x", java.util.Map.of("type", "string")))));
    }
}
