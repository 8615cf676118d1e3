package io.spirefy.pluginengine.manifest.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.spirefy.pluginengine.api.ManifestException;
import io.spirefy.pluginengine.api.Problem;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns manifest bytes into a {@link YamlNode} tree, refusing documents built to exhaust memory
 * or stack.
 *
 * <p>Jackson's YAML parser reads snakeyaml's event stream without snakeyaml's composer, so the
 * composer's guards (alias count, recursion) never run and an alias arrives as a plain string
 * naming its anchor. We therefore expand aliases here ourselves, by reference, and charge every
 * node reached, through aliases included, against {@link #MAX_NODES}: a "billion laughs" document
 * stops at that budget instead of growing until the heap is gone. Depth is bounded likewise, and
 * the document's size before parsing starts.
 */
final class YamlTreeReader {

    /** The largest manifest accepted, in bytes (and in code points, for the parser). */
    static final int MAX_BYTES = 1024 * 1024;
    /**
     * The longest line accepted, in bytes. snakeyaml scans one long scalar in time that grows
     * faster than its length (measured: a 2 MB one-line value takes about 3 s, the same bytes as
     * 62 KB lines 0.3 s), so a cap on lines is what keeps a hostile manifest cheap to refuse.
     */
    static final int MAX_LINE_BYTES = 64 * 1024;
    /** The deepest nesting of mappings and lists accepted (the top-level mapping is depth 1). */
    static final int MAX_DEPTH = 64;
    /** The most values a document may hold, counting each alias as a copy of what it names. */
    static final long MAX_NODES = 100_000;

    private static final String MERGE_KEY = "<<";

    /** Thread-safe once built; one per class since the configuration never changes. */
    static final YAMLFactory FACTORY = createFactory();

    private final String source;
    private final List<Problem> errors;
    private final Map<String, YamlNode> anchors = new HashMap<>();
    private long nodes;

    /**
     * @param source names the manifest in every problem
     * @param errors where recoverable errors (duplicate keys, binary scalars) are added; fatal
     *               ones (malformed YAML, limits) are thrown instead
     */
    YamlTreeReader(String source, List<Problem> errors) {
        this.source = source;
        this.errors = errors;
    }

    private static YAMLFactory createFactory() {
        LoaderOptions loader = new LoaderOptions();
        // These two act in snakeyaml's reader and parser, which Jackson does use. The limits are
        // a little above ours so that our own check, which knows the key path, speaks first.
        loader.setCodePointLimit(MAX_BYTES);
        loader.setNestingDepthLimit(MAX_DEPTH + 8);
        // A composer-level option, set for anyone reusing this factory with snakeyaml's composer;
        // with Jackson's event parser our own alias budget is what holds.
        loader.setMaxAliasesForCollections(50);
        // Duplicate keys stay allowed here on purpose: Jackson would then stop at the first with a
        // bare "Duplicate field"; we report each one with its key path and both lines instead.
        loader.setAllowDuplicateKeys(true);
        return YAMLFactory.builder()
                .loaderOptions(loader)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH + 8)
                        .maxStringLength(MAX_BYTES)
                        .maxNumberLength(1000)
                        .build())
                // YAML 1.2 booleans: only true/false. Otherwise "no" in metadata (a country
                // code, an answer) silently becomes false.
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                // `key:` with nothing after it is null (absent); a quoted '' stays an empty string.
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .build();
    }

    /**
     * Parses one YAML document.
     *
     * @return the document's root, or {@code null} when the file holds no document at all
     * @throws ManifestException when the YAML is malformed or exceeds a limit
     */
    YamlNode read(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw fatal(null, "the manifest is " + bytes.length + " bytes; at most " + MAX_BYTES
                    + " bytes (1 MiB) are accepted");
        }
        checkLineLengths(bytes);
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) return null;
            YamlNode root = readValue((YAMLParser) parser, first, "", 1);
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw fatal(null, "a second YAML document starts at line " + at.getLineNr()
                        + "; a manifest is exactly one document (remove the extra '---')");
            }
            return root;
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException marked) {
                // Jackson's location is that of its last token; snakeyaml's mark is the culprit.
                throw malformed(marked);
            }
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 0 ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw fatal(null, "malformed YAML" + where + ": " + oneLine(e.getOriginalMessage()));
        } catch (MarkedYAMLException e) {
            // snakeyaml errors that Jackson lets through unwrapped.
            throw malformed(e);
        } catch (YAMLException e) {
            throw fatal(null, "malformed YAML: " + oneLine(e.getMessage()));
        } catch (IOException e) {
            // Reading a byte array does no I/O; this is a decoding failure such as invalid UTF-8.
            throw fatal(null, "unreadable YAML: " + oneLine(e.getMessage()));
        }
    }

    private void checkLineLengths(byte[] bytes) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n' || bytes[i] == '\r') {
                if (i - start > MAX_LINE_BYTES) {
                    throw fatal(null, "line " + line + " is " + (i - start) + " bytes long; at most " + MAX_LINE_BYTES
                            + " bytes a line are accepted (spread a long value over several lines, e.g. with | or >)");
                }
                // \r\n ends one line, not two.
                if (i < bytes.length && !(bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n')) line++;
                start = i + 1;
            }
        }
    }

    private ManifestException malformed(MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
        String what = e.getContext() == null ? e.getProblem() : e.getContext() + ": " + e.getProblem();
        return fatal(null, "malformed YAML" + where + ": " + oneLine(what));
    }

    private YamlNode readValue(YAMLParser p, JsonToken token, String path, int depth) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        String anchor = p.getObjectId();
        YamlNode node;
        switch (token) {
            case START_OBJECT:
                node = readMapping(p, path, depth, line, column);
                break;
            case START_ARRAY:
                node = readSequence(p, path, depth, line, column);
                break;
            case VALUE_STRING:
                if (p.isCurrentAlias()) return resolveAlias(p.getText(), path, line, column);
                node = YamlNode.scalar(YamlNode.Kind.STRING, p.getText(), p.getText(), line, column);
                break;
            case VALUE_NUMBER_INT: {
                Number n = p.getNumberValue();
                Number v = n instanceof BigInteger big ? YamlNode.narrow(big) : n;
                node = YamlNode.scalar(YamlNode.Kind.INTEGER, v, p.getText(), line, column);
                break;
            }
            case VALUE_NUMBER_FLOAT:
                node = YamlNode.scalar(YamlNode.Kind.FLOAT, floatValue(p), p.getText(), line, column);
                break;
            case VALUE_TRUE:
            case VALUE_FALSE:
                node = YamlNode.scalar(YamlNode.Kind.BOOLEAN, token == JsonToken.VALUE_TRUE, p.getText(), line, column);
                break;
            case VALUE_NULL:
                node = YamlNode.scalar(YamlNode.Kind.NULL, null, "null", line, column);
                break;
            default:
                // !!binary and other tags Jackson turns into embedded objects: nothing a plugin
                // manifest needs, and no plain Java value to hand over.
                errors.add(Problem.error(source, path.isEmpty() ? null : path, "unsupported YAML value ("
                        + token + ") at line " + line + ", column " + column
                        + "; expected a mapping, a list, a string, a number, a boolean or null"));
                node = YamlNode.scalar(YamlNode.Kind.NULL, null, "null", line, column);
        }
        charge(1, path);
        if (anchor != null) anchors.put(anchor, node);
        return node;
    }

    private YamlNode readMapping(YAMLParser p, String path, int depth, int line, int column) throws IOException {
        checkDepth(path, depth, line, column);
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
        List<YamlNode> merged = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int keyLine = p.currentTokenLocation().getLineNr();
            String childPath = path.isEmpty() ? key : path + "." + key;
            YamlNode value = readValue(p, p.nextToken(), childPath, depth + 1);
            if (MERGE_KEY.equals(key) && mergeable(value)) {
                merged.add(value);
                continue;
            }
            YamlNode first = entries.putIfAbsent(key, value);
            if (first != null) {
                errors.add(Problem.error(source, childPath, "duplicate key at line " + keyLine
                        + "; it was already given at line " + first.line() + " (keys in a mapping must be unique)"));
            }
        }
        expect(t, JsonToken.END_OBJECT, path);
        // YAML merge keys (`<<: *defaults`), as the Go engine's yaml.v3 reads them: keys written in
        // the mapping win, then the merged mappings in the order given.
        for (YamlNode m : merged) {
            List<YamlNode> sources = m.kind() == YamlNode.Kind.MAPPING ? List.of(m) : m.items();
            for (YamlNode src : sources) src.entries().forEach(entries::putIfAbsent);
        }
        return YamlNode.mapping(entries, line, column);
    }

    /** {@code <<} merges a mapping or a list of mappings; any other value is an ordinary key. */
    private static boolean mergeable(YamlNode value) {
        return value.kind() == YamlNode.Kind.MAPPING || (value.kind() == YamlNode.Kind.SEQUENCE
                && value.items().stream().allMatch(i -> i.kind() == YamlNode.Kind.MAPPING));
    }

    private YamlNode readSequence(YAMLParser p, String path, int depth, int line, int column) throws IOException {
        checkDepth(path, depth, line, column);
        List<YamlNode> items = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            items.add(readValue(p, t, path + "[" + items.size() + "]", depth + 1));
        }
        expect(t, JsonToken.END_ARRAY, path);
        return YamlNode.sequence(items, line, column);
    }

    private YamlNode resolveAlias(String name, String path, int line, int column) {
        YamlNode target = anchors.get(name);
        if (target == null) {
            // Also what a self-referencing anchor (&a [*a]) gets: its node is not complete yet.
            throw fatal(path, "alias *" + name + " at line " + line + ", column " + column
                    + " names no anchor (&" + name + ") completed before it");
        }
        charge(target.size(), path);
        return target;
    }

    private void charge(long count, String path) {
        nodes += count;
        if (nodes > MAX_NODES) {
            throw fatal(path, "the document holds more than " + MAX_NODES + " values once its aliases are"
                    + " expanded; a manifest that large is refused (it looks like an alias bomb)");
        }
    }

    private void checkDepth(String path, int depth, int line, int column) {
        if (depth > MAX_DEPTH) {
            throw fatal(path, "nesting deeper than " + MAX_DEPTH + " levels at line " + line + ", column "
                    + column + "; a manifest is refused beyond that");
        }
    }

    private void expect(JsonToken found, JsonToken expected, String path) {
        if (found != expected) {
            throw fatal(path, "malformed YAML: expected " + expected + ", found " + found);
        }
    }

    private ManifestException fatal(String keyPath, String message) {
        List<Problem> all = new ArrayList<>(errors);
        all.add(Problem.error(source, keyPath == null || keyPath.isEmpty() ? null : keyPath, message));
        return new ManifestException(all);
    }

    /** YAML's own {@code .inf}, {@code -.inf}, {@code .nan}, which Jackson does not parse. */
    private static Double floatValue(YAMLParser p) throws IOException {
        try {
            return p.getDoubleValue();
        } catch (JsonProcessingException e) {
            String text = p.getText();
            String t = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
            if (t.equalsIgnoreCase(".inf")) {
                return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (t.equalsIgnoreCase(".nan")) return Double.NaN;
            throw e;
        }
    }

    private static String oneLine(String message) {
        if (message == null) return "(no detail)";
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
