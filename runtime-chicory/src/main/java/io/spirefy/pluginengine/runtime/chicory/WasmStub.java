package io.spirefy.pluginengine.runtime.chicory;

import java.io.ByteArrayOutputStream;

/**
 * A module's bytes with every function body replaced by {@code unreachable} and custom sections
 * dropped: what the chicory-sdk is given to instantiate a module whose every function runs compiled.
 *
 * <p>Why: the sdk parses and validates the bytes it is given again for every instance (it takes no
 * parsed module). Compiled code never reads the bodies of the instance's module; the instance needs
 * only its types, imports, tables, memory, globals, exports, start function, elements and data, which
 * are kept byte for byte. So the sdk's work no longer grows with the code (2-3 MB for a Go module).
 * Never used when any function runs in the interpreter, which reads the bodies.
 */
final class WasmStub {

    private static final int CODE_SECTION = 10;
    private static final int CUSTOM_SECTION = 0;
    /** A body of size 3: no locals, {@code unreachable}, {@code end}; valid for every function type. */
    private static final byte[] UNREACHABLE_BODY = {3, 0, 0, 0x0B};

    private WasmStub() {
    }

    /** The stub of {@code wasm}, a module that has already been validated. */
    static byte[] withoutCode(byte[] wasm) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(wasm.length / 4);
        out.write(wasm, 0, 8); // magic and version
        int[] at = {8};
        while (at[0] < wasm.length) {
            int start = at[0];
            int id = wasm[at[0]++] & 0xFF;
            int size = (int) leb(wasm, at);
            int contentStart = at[0];
            int end = contentStart + size;
            if (end > wasm.length || end < contentStart) throw new IllegalArgumentException("section runs past the module");
            if (id == CODE_SECTION) {
                int[] p = {contentStart};
                long count = leb(wasm, p);
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                writeLeb(content, count);
                for (long i = 0; i < count; i++) content.write(UNREACHABLE_BODY, 0, UNREACHABLE_BODY.length);
                out.write(CODE_SECTION);
                writeLeb(out, content.size());
                out.writeBytes(content.toByteArray());
            } else if (id != CUSTOM_SECTION) {
                out.write(wasm, start, end - start);
            }
            at[0] = end;
        }
        return out.toByteArray();
    }

    private static long leb(byte[] b, int[] at) {
        long result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int x = b[at[0]++] & 0xFF;
            result |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) return result;
        }
        throw new IllegalArgumentException("LEB128 number too long");
    }

    private static void writeLeb(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }
}
