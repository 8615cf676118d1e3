package io.spirefy.pluginengine.manifest.yaml.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.function.IntUnaryOperator;

/**
 * Mutates valid manifests at the text level (YAML tokens, keys moved to the wrong place, values of
 * the wrong type, anchors, aliases and merge keys, deep nesting) and at the byte level (invalid
 * UTF-8, NULs, truncation). Decisions come from {@code next(bound)}: a seeded Random in the
 * bounded run, the fuzzer's input in {@link ManifestFuzzer}.
 */
final class ManifestMutator {

    static final String[] SEEDS = {
        """
        id: org.example.greeter
        name: Greeter
        version: 1.2.3
        description: Says hello
        wasm: greeter.wasm
        sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        loadOnStart: true
        dependencies:
          - pluginId: org.example.core
            minVersion: 1.0.0
            maxVersion: 2.0.0
        anchors:
          - id: greeting.decorators
            name: Decorators
            version: 1.2.0
            callSchema: {type: object}
            responseSchema: {type: string}
        hooks:
          - id: exclaim
            anchorId: greeting.decorators
            anchorVersion: 1.2.0
            func: exclaim
            order: 10
            metadata: {priority: high, tags: [a, b]}
            dependencies: [{pluginId: org.example.core}]
        events:
          - id: greeting.sent
            version: 1.0.0
            schema: {type: object}
        listeners:
          - id: audit
            eventId: greeting.sent
            eventVersion: 1.0.0
            func: onGreetingSent
            order: 0
        """,
        """
        id: spirefy-compat
        version: 0.1.0
        loadOnStart: true
        hooks:
          - id: compat-hook
            anchorId: compat.anchor
            func: compat
            metadata:
              priority: high
              tags: [a, b]
        """,
        """
        base: &b {anchorId: a.b, func: f}
        id: org.example.merge
        version: 1.0.0-rc.1+build.5
        hooks:
          - <<: *b
            id: one
          - <<: *b
            id: two
            order: -3
        """,
    };

    private static final String[] TOKENS = {
        "\n", ": ", "- ", "[", "]", "{", "}", ",", "&x ", "*x", "<<: *x\n", "<<: [*x, *x]\n", "!!binary ", "!!int ",
        "!!map ", "!!set ", "!!timestamp ", "!custom ", "? ", "'", "\"", "\\", "\\x", "\\U0010FFFF", "\t", "---\n",
        "...\n", "%YAML 1.1\n", "%TAG ! tag:x:\n", "~", "null", "true", "0x7fffffff", "-0", ".nan", ".inf",
        "99999999999999999999999", "9223372036854775808", "1.0", "1.0.0-", "1.0.0+", "01.2.3", "1.2.3-01",
        "\uFEFF", "\u0085", "\u2028", "#", "|\n", ">-\n", "|+9\n", "[[[[[[[[[[[[", "{{{{{{{{", "]]]]", "}}}}",
        "id: ", "version: ", "hooks: ", "anchors: ", "events: ", "listeners: ", "dependencies: ", "metadata: ",
        "order: ", "func: ", "anchorId: ", "eventId: ", "pluginId: ", "minVersion: ", "wasm: ", "sha256: ",
        "  - ", "    ", "\n  - id: x\n", "\n- ", "=", "@", "`", "%", "\u0000",
    };

    private final IntUnaryOperator next;

    ManifestMutator(IntUnaryOperator next) {
        this.next = next;
    }

    private int n(int bound) {
        return next.applyAsInt(bound);
    }

    byte[] next() {
        String text = SEEDS[n(SEEDS.length)];
        int rounds = 1 + n(6);
        for (int i = 0; i < rounds; i++) text = mutateText(text);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (n(5) == 0) bytes = mutateBytes(bytes);
        return bytes;
    }

    private String mutateText(String text) {
        int at = n(text.length() + 1);
        return switch (n(8)) {
            case 0, 1, 2 -> text.substring(0, at) + TOKENS[n(TOKENS.length)] + text.substring(at);
            case 3 -> text.substring(0, at);
            case 4 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + n(40)));
            case 5 -> { // a line moved elsewhere: keys at the wrong level or in the wrong section
                String[] lines = text.split("\n", -1);
                int from = n(lines.length);
                int to = n(lines.length);
                String moved = lines[from];
                lines[from] = lines[to];
                lines[to] = moved;
                yield String.join("\n", lines);
            }
            case 6 -> { // deep nesting (within the 1 MiB limit)
                int depth = 1 + n(200);
                yield text.substring(0, at) + "[".repeat(depth) + "]".repeat(n(2) == 0 ? depth : n(depth + 1)) + text.substring(at);
            }
            default -> { // an alias expansion chain
                int levels = 1 + n(8);
                StringBuilder s = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
                for (int l = 1; l <= levels; l++) {
                    s.append("l").append(l).append(": &l").append(l).append(" [");
                    for (int k = 0; k < 10; k++) s.append(k == 0 ? "" : ", ").append("*l").append(l - 1);
                    s.append("]\n");
                }
                yield s + text;
            }
        };
    }

    private byte[] mutateBytes(byte[] in) {
        byte[] out = in.clone();
        int flips = 1 + n(4);
        for (int i = 0; i < flips && out.length > 0; i++) {
            // 0x80-0xFF alone, or a NUL: invalid UTF-8 and control characters.
            out[n(out.length)] = (byte) (n(2) == 0 ? 0x80 + n(128) : n(32));
        }
        return out;
    }
}
