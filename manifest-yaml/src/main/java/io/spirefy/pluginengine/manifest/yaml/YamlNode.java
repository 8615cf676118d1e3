package io.spirefy.pluginengine.manifest.yaml;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value of a parsed YAML document, with where it was written.
 *
 * <p>We keep our own tree rather than Jackson's {@code JsonNode} so that every error can name the
 * line and column of the offending value, so that the scalar's source text survives (a free-text
 * {@code name: yes} stays {@code yes}), and so that aliases can be expanded under a budget.
 * A node reached through several aliases is shared, never copied, until {@link #toPlain()}.
 */
final class YamlNode {

    enum Kind { MAPPING, SEQUENCE, STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    private final Kind kind;
    private final Object value;
    private final String text;
    private final int line;
    private final int column;
    private final long size;

    private YamlNode(Kind kind, Object value, String text, int line, int column, long size) {
        this.kind = kind;
        this.value = value;
        this.text = text;
        this.line = line;
        this.column = column;
        this.size = size;
    }

    static YamlNode scalar(Kind kind, Object value, String text, int line, int column) {
        return new YamlNode(kind, value, text, line, column, 1);
    }

    static YamlNode mapping(LinkedHashMap<String, YamlNode> entries, int line, int column) {
        long size = 1;
        for (YamlNode n : entries.values()) size += n.size;
        return new YamlNode(Kind.MAPPING, entries, null, line, column, size);
    }

    static YamlNode sequence(List<YamlNode> items, int line, int column) {
        long size = 1;
        for (YamlNode n : items) size += n.size;
        return new YamlNode(Kind.SEQUENCE, items, null, line, column, size);
    }

    Kind kind() { return kind; }

    boolean isNull() { return kind == Kind.NULL; }

    boolean isScalar() { return kind != Kind.MAPPING && kind != Kind.SEQUENCE; }

    /** The scalar's text as written in the file (without quotes), or {@code null} for collections. */
    String text() { return text; }

    /** The scalar's value: String, Integer/Long/BigInteger, Double, Boolean or null. */
    Object scalarValue() { return isScalar() ? value : null; }

    @SuppressWarnings("unchecked")
    Map<String, YamlNode> entries() {
        return kind == Kind.MAPPING ? (Map<String, YamlNode>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    List<YamlNode> items() {
        return kind == Kind.SEQUENCE ? (List<YamlNode>) value : List.of();
    }

    int line() { return line; }

    int column() { return column; }

    /** Nodes in this subtree, counting a shared (aliased) subtree once per reference. */
    long size() { return size; }

    /** {@code (line 3, column 7)}, for messages. */
    String where() {
        return "(line " + line + ", column " + column + ")";
    }

    /** What the node is, in words for an error message: {@code the integer 42}, {@code a list}. */
    String describe() {
        switch (kind) {
            case MAPPING: return "a mapping";
            case SEQUENCE: return "a list";
            case NULL: return "no value";
            case STRING: return "the string '" + text + "'";
            case INTEGER: return "the integer " + text;
            case FLOAT: return "the number " + text;
            case BOOLEAN: return "the boolean " + text;
            default: throw new AssertionError(kind);
        }
    }

    /**
     * The value as plain, mutable Java values ({@link LinkedHashMap}, {@link ArrayList}, String,
     * Integer/Long/BigInteger, Double, Boolean, null), a fresh copy each time so that a subtree
     * shared through aliases never becomes shared mutable state in the engine.
     */
    Object toPlain() {
        switch (kind) {
            case MAPPING: {
                Map<String, YamlNode> entries = entries();
                LinkedHashMap<String, Object> map = new LinkedHashMap<>(Math.max(4, entries.size() * 2));
                entries.forEach((k, v) -> map.put(k, v.toPlain()));
                return map;
            }
            case SEQUENCE: {
                List<YamlNode> items = items();
                ArrayList<Object> list = new ArrayList<>(items.size());
                for (YamlNode item : items) list.add(item.toPlain());
                return list;
            }
            default:
                return value;
        }
    }

    /** Narrows a whole number to the smallest of Integer, Long, BigInteger that holds it. */
    static Number narrow(BigInteger big) {
        if (big.bitLength() < 32) return big.intValue();
        if (big.bitLength() < 64) return big.longValue();
        return big;
    }
}
