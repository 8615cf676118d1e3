package io.spirefy.pluginengine.core.imports;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a module's imports from its bytes, as the binary format lays them out: the header, then
 * sections in order, of which only the type section (1, to name each function import's type) and
 * the import section (2) are decoded; custom sections are skipped by their size, and reading stops
 * at the first section after the imports, so the code of a 3 MB module is never looked at.
 *
 * <p>Bounded: every count and length is checked against the bytes that remain before anything is
 * allocated for it, so a hostile module costs at most one pass over its first sections.
 * Types of the garbage-collection proposal (recursive groups, structs, arrays) are not decoded:
 * a module that has them gets its imports' names checked, not their types.
 */
public final class ImportReader {

    private static final int MAGIC = 0x6d736100; // "\0asm", little-endian
    private static final int TYPE_SECTION = 1;
    private static final int IMPORT_SECTION = 2;
    private static final int FUNC_FORM = 0x60;

    private final byte[] bytes;
    private int pos;
    private int end;

    private ImportReader(byte[] bytes) {
        this.bytes = bytes;
        this.end = bytes.length;
    }

    /**
     * The module's imports in the order it declares them.
     *
     * @throws MalformedModuleException naming what is wrong and at which byte
     */
    public static List<ModuleImport> read(byte[] wasm) throws MalformedModuleException {
        return new ImportReader(wasm).imports();
    }

    private List<ModuleImport> imports() throws MalformedModuleException {
        if (bytes.length < 8 || u32le(0) != MAGIC) throw malformed(0, "not a WebAssembly module (no \\0asm header)");
        if (u32le(4) != 1) throw malformed(4, "unsupported binary format version " + Integer.toUnsignedString(u32le(4)));
        pos = 8;
        List<FunctionType> types = List.of();
        int lastId = 0;
        while (pos < bytes.length) {
            int sectionStart = pos;
            int id = bytes[pos++] & 0xff;
            // Nothing after the imports is read, not even its size: the runtime judges the rest.
            if (id > IMPORT_SECTION) break;
            int size = u32("section size");
            if (size > bytes.length - pos) throw malformed(sectionStart, "section " + id + " of " + size + " bytes runs past the end of the module");
            int sectionEnd = pos + size;
            if (id == 0) {
                pos = sectionEnd;
                continue;
            }
            if (id <= lastId) throw malformed(sectionStart, "section " + id + " after section " + lastId);
            lastId = id;
            end = sectionEnd;
            if (id == TYPE_SECTION) types = typeSection();
            else return importSection(types, sectionStart);
            end = bytes.length;
            pos = sectionEnd;
        }
        return List.of();
    }

    /** The function types, or null when a type of a form not decoded here appears. */
    private List<FunctionType> typeSection() throws MalformedModuleException {
        int count = count("type count", 1);
        List<FunctionType> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = pos;
            int form = byteAt("type form");
            if (form != FUNC_FORM) {
                if (form >= 0x4e && form <= 0x5f) return null; // rec, sub, struct, array: GC proposal
                throw malformed(at, "type " + i + " has unknown form 0x" + Integer.toHexString(form));
            }
            List<String> params = valueTypes("parameter");
            List<String> results = valueTypes("result");
            types.add(new FunctionType(params, results));
        }
        requireEnd("type section");
        return types;
    }

    private List<String> valueTypes(String what) throws MalformedModuleException {
        int count = count(what + " count", 1);
        List<String> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) types.add(valueType(what));
        return types;
    }

    private String valueType(String what) throws MalformedModuleException {
        int at = pos;
        int code = byteAt(what + " type");
        return switch (code) {
            case 0x7f -> "i32";
            case 0x7e -> "i64";
            case 0x7d -> "f32";
            case 0x7c -> "f64";
            case 0x7b -> "v128";
            case 0x70 -> "funcref";
            case 0x6f -> "externref";
            case 0x63, 0x64 -> {
                long heap = s33();
                yield "(ref " + (code == 0x63 ? "null " : "") + heap + ")";
            }
            default -> {
                // The other one-byte shorthands of abstract heap types (anyref, exnref, nullref...).
                if (code >= 0x69 && code <= 0x74) yield "ref:0x" + Integer.toHexString(code);
                throw malformed(at, "unknown " + what + " type 0x" + Integer.toHexString(code));
            }
        };
    }

    private List<ModuleImport> importSection(List<FunctionType> types, int sectionStart) throws MalformedModuleException {
        // Each import takes at least 4 bytes: two name lengths, a kind and its description.
        int count = count("import count", 4);
        List<ModuleImport> imports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String module = name("module name of import " + i);
            String name = name("name of import " + i);
            int at = pos;
            int kind = byteAt("import kind");
            switch (kind) {
                case 0x00 -> imports.add(new ModuleImport(module, name, ModuleImport.Kind.FUNCTION, functionType(types, i)));
                case 0x01 -> {
                    valueType("table element");
                    limits();
                    imports.add(new ModuleImport(module, name, ModuleImport.Kind.TABLE, null));
                }
                case 0x02 -> {
                    limits();
                    imports.add(new ModuleImport(module, name, ModuleImport.Kind.MEMORY, null));
                }
                case 0x03 -> {
                    valueType("global");
                    int mut = byteAt("global mutability");
                    if (mut > 1) throw malformed(pos - 1, "global import " + i + " has mutability " + mut);
                    imports.add(new ModuleImport(module, name, ModuleImport.Kind.GLOBAL, null));
                }
                case 0x04 -> {
                    if (byteAt("tag attribute") != 0) throw malformed(pos - 1, "tag import " + i + " has an unknown attribute");
                    u32("tag type");
                    imports.add(new ModuleImport(module, name, ModuleImport.Kind.TAG, null));
                }
                default -> throw malformed(at, "import " + i + " (" + module + "/" + name + ") has unknown kind 0x" + Integer.toHexString(kind));
            }
        }
        requireEnd("import section");
        return imports;
    }

    private FunctionType functionType(List<FunctionType> types, int importIndex) throws MalformedModuleException {
        int at = pos;
        int index = u32("function type index");
        if (types == null) return null;
        if (Integer.compareUnsigned(index, types.size()) >= 0) {
            throw malformed(at, "function import " + importIndex + " names type " + Integer.toUnsignedString(index)
                    + " of " + types.size());
        }
        return types.get(index);
    }

    /** Memory and table limits, with the flags of the threads, memory64 and custom-page-size proposals. */
    private void limits() throws MalformedModuleException {
        int at = pos;
        int flags = byteAt("limits flags");
        if (flags > 0x0f) throw malformed(at, "unknown limits flags 0x" + Integer.toHexString(flags));
        u64("limits minimum");
        if ((flags & 0x01) != 0) u64("limits maximum");
        if ((flags & 0x08) != 0) u32("page size");
    }

    private String name(String what) throws MalformedModuleException {
        int at = pos;
        int length = u32(what + " length");
        if (length > end - pos) throw malformed(at, what + " of " + Integer.toUnsignedString(length) + " bytes runs past its section");
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, pos, length)).toString();
            pos += length;
            return s;
        } catch (CharacterCodingException e) {
            throw malformed(at, what + " is not UTF-8");
        }
    }

    /** A count of items of at least {@code minBytes} each, refused when the section cannot hold them. */
    private int count(String what, int minBytes) throws MalformedModuleException {
        int at = pos;
        int n = u32(what);
        if (Integer.toUnsignedLong(n) * minBytes > end - pos) {
            throw malformed(at, what + " " + Integer.toUnsignedString(n) + " is more than the section's " + (end - pos) + " bytes can hold");
        }
        return n;
    }

    private void requireEnd(String what) throws MalformedModuleException {
        if (pos != end) throw malformed(pos, what + " has " + (end - pos) + " bytes after its last item");
    }

    private int byteAt(String what) throws MalformedModuleException {
        if (pos >= end) throw malformed(pos, "the section ends inside a " + what);
        return bytes[pos++] & 0xff;
    }

    private int u32(String what) throws MalformedModuleException {
        return (int) leb(what, 5, 32);
    }

    private void u64(String what) throws MalformedModuleException {
        leb(what, 10, 64);
    }

    /** An unsigned LEB128 of at most {@code bits} bits in at most {@code maxBytes} bytes. */
    private long leb(String what, int maxBytes, int bits) throws MalformedModuleException {
        int at = pos;
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = byteAt(what);
            int shift = 7 * i;
            if (shift + 7 > bits && (b & 0x7f) >>> (bits - shift) != 0) throw malformed(at, what + " does not fit in " + bits + " bits");
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw malformed(at, what + " is longer than " + maxBytes + " bytes");
    }

    /** A signed 33-bit LEB128 (a heap type); only its extent matters here. */
    private long s33() throws MalformedModuleException {
        int at = pos;
        long value = 0;
        int shift = 0;
        for (int i = 0; i < 5; i++) {
            int b = byteAt("heap type");
            value |= (long) (b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                if ((b & 0x40) != 0) value |= -1L << shift;
                return value;
            }
        }
        throw malformed(at, "heap type is longer than 5 bytes");
    }

    private int u32le(int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16 | (bytes[at + 3] & 0xff) << 24;
    }

    private static MalformedModuleException malformed(int at, String what) {
        return new MalformedModuleException("at byte " + at + ": " + what);
    }
}
