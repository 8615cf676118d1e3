package io.spirefy.pluginengine.runtime.extism.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The function imports and exports of a WebAssembly binary, read from its type, import and export
 * sections. libextism links host functions when a module is compiled, so we must know the
 * imports before the host functions of any instance exist; and it offers no export listing.
 *
 * @param imports     function imports in declaration order
 * @param exports     names of exported functions
 * @param exportTypes the type of each exported function, by name
 */
public record ModuleShape(List<FunctionImport> imports, Set<String> exports, Map<String, FunctionType> exportTypes) {

    /**
     * A function's type as the binary spells it (value type bytes). Printed as Chicory prints its
     * {@code FunctionType}, e.g. {@code (I64) -> (I64)} or {@code () -> nil}, so that both runtimes
     * refuse a wrongly typed export in the same words.
     */
    public record FunctionType(byte[] params, byte[] results) {

        /** Whether Extism can call it: {@code () -> i32}. */
        public boolean extismCallable() {
            return params.length == 0 && results.length == 1 && results[0] == (byte) 0x7F;
        }

        @Override
        public String toString() {
            return "(" + names(params) + ") -> " + (results.length == 0 ? "nil" : "(" + names(results) + ")");
        }

        private static String names(byte[] types) {
            StringJoiner out = new StringJoiner(",");
            for (byte t : types) {
                out.add(switch (t & 0xFF) {
                    case 0x7F -> "I32";
                    case 0x7E -> "I64";
                    case 0x7D -> "F32";
                    case 0x7C -> "F64";
                    case 0x7B -> "V128";
                    case 0x70 -> "RefNull[-16]"; // funcref, in Chicory's words
                    case 0x6F -> "RefNull[-17]"; // externref
                    default -> "0x" + Integer.toHexString(t & 0xFF);
                });
            }
            return out.toString();
        }
    }

    /**
     * @param params  {@link LibExtism} value type codes, or null when a type is not a number type
     * @param results the same for results
     */
    public record FunctionImport(String module, String name, int[] params, int[] results) {
        public boolean numeric() { return params != null && results != null; }

        /** Module and name as one map key ({@link #key(String, String)}). */
        public String key() { return key(module, name); }

        /** An import's module and name as one map key: NUL cannot occur in either as the runtime links them. */
        public static String key(String module, String name) { return module + "\0" + name; }
    }

    /** Thrown for bytes that are not a WebAssembly binary we can read. */
    public static final class MalformedException extends Exception {
        MalformedException(String message) { super(message); }
    }

    public static ModuleShape read(byte[] wasm) throws MalformedException {
        return new Reader(wasm).module();
    }

    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) { this.b = b; }

        ModuleShape module() throws MalformedException {
            if (b.length < 8 || b[0] != 0 || b[1] != 'a' || b[2] != 's' || b[3] != 'm') {
                throw new MalformedException("not a WebAssembly binary (no \\0asm magic)");
            }
            if (b[4] != 1 || b[5] != 0 || b[6] != 0 || b[7] != 0) {
                throw new MalformedException("unsupported WebAssembly binary version");
            }
            pos = 8;
            List<int[][]> types = new ArrayList<>();
            List<FunctionType> rawTypes = new ArrayList<>();
            List<FunctionImport> imports = new ArrayList<>();
            // Every function's type index, imports first: the function index space.
            List<Integer> functionTypes = new ArrayList<>();
            Set<String> exports = new LinkedHashSet<>();
            Map<String, FunctionType> exportTypes = new HashMap<>();
            while (pos < b.length) {
                int id = u8();
                int size = (int) leb();
                int end = pos + size;
                if (size < 0 || end > b.length) throw new MalformedException("section " + id + " runs past the end");
                switch (id) {
                    case 1 -> types(types, rawTypes);
                    case 2 -> imports(types, imports, functionTypes);
                    case 3 -> functions(functionTypes);
                    case 7 -> exports(exports, exportTypes, functionTypes, rawTypes);
                    default -> { }
                }
                pos = end;
            }
            return new ModuleShape(List.copyOf(imports), Set.copyOf(exports), Map.copyOf(exportTypes));
        }

        private void types(List<int[][]> types, List<FunctionType> rawTypes) throws MalformedException {
            long n = leb();
            for (long i = 0; i < n; i++) {
                if (u8() != 0x60) return; // GC-proposal type forms: later imports get no signature
                byte[] params = valTypes();
                byte[] results = valTypes();
                types.add(new int[][] {codes(params), codes(results)});
                rawTypes.add(new FunctionType(params, results));
            }
        }

        private byte[] valTypes() throws MalformedException {
            int n = (int) leb();
            if (n < 0 || pos + n > b.length) throw new MalformedException("type runs past the end");
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        /** {@link LibExtism} value type codes, or null when a type is not a number type. */
        private static int[] codes(byte[] types) throws MalformedException {
            int[] out = new int[types.length];
            boolean numeric = true;
            for (int i = 0; i < types.length; i++) {
                int t = types[i] & 0xFF;
                switch (t) {
                    case 0x7F -> out[i] = LibExtism.I32;
                    case 0x7E -> out[i] = LibExtism.I64;
                    case 0x7D -> out[i] = LibExtism.F32;
                    case 0x7C -> out[i] = LibExtism.F64;
                    case 0x7B, 0x70, 0x6F -> numeric = false;
                    default -> throw new MalformedException("unknown value type 0x" + Integer.toHexString(t));
                }
            }
            return numeric ? out : null;
        }

        private void functions(List<Integer> functionTypes) throws MalformedException {
            long n = leb();
            for (long i = 0; i < n; i++) functionTypes.add((int) leb());
        }

        private void imports(List<int[][]> types, List<FunctionImport> imports, List<Integer> functionTypes)
                throws MalformedException {
            long n = leb();
            for (long i = 0; i < n; i++) {
                String module = name();
                String field = name();
                int kind = u8();
                switch (kind) {
                    case 0 -> {
                        int type = (int) leb();
                        functionTypes.add(type);
                        int[][] sig = type < types.size() ? types.get(type) : new int[][] {null, null};
                        imports.add(new FunctionImport(module, field, sig[0], sig[1]));
                    }
                    case 1 -> { u8(); limits(); }
                    case 2 -> limits();
                    case 3 -> { u8(); u8(); }
                    case 4 -> { u8(); leb(); }
                    default -> throw new MalformedException("unknown import kind " + kind);
                }
            }
        }

        private void exports(Set<String> exports, Map<String, FunctionType> exportTypes, List<Integer> functionTypes,
                             List<FunctionType> rawTypes) throws MalformedException {
            long n = leb();
            for (long i = 0; i < n; i++) {
                String name = name();
                int kind = u8();
                long index = leb();
                if (kind != 0) continue;
                exports.add(name);
                // An index or type we cannot resolve is left to libextism's validation to reject.
                if (index < functionTypes.size()) {
                    int type = functionTypes.get((int) index);
                    if (type >= 0 && type < rawTypes.size()) exportTypes.put(name, rawTypes.get(type));
                }
            }
        }

        private void limits() throws MalformedException {
            int flags = u8();
            leb();
            if ((flags & 1) != 0) leb();
        }

        private String name() throws MalformedException {
            int len = (int) leb();
            if (len < 0 || pos + len > b.length) throw new MalformedException("name runs past the end");
            String s = new String(b, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        private int u8() throws MalformedException {
            if (pos >= b.length) throw new MalformedException("unexpected end of module");
            return b[pos++] & 0xFF;
        }

        private long leb() throws MalformedException {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = u8();
                result |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) return result;
            }
            throw new MalformedException("LEB128 number too long");
        }
    }
}
