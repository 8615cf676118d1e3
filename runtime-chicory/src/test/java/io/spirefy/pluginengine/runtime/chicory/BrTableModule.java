package io.spirefy.pluginengine.runtime.chicory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes, from source, a module whose one export holds a {@code br_table} of many targets (about one
 * byte per target): the shape that kept Chicory's compiler busy for minutes (issue 12).
 *
 * <p>{@code run} takes the input's length as the table index: index {@link #okIndex} branches to the
 * success path (returns 0), every other index (and the default) returns 7 without an error message.
 */
final class BrTableModule {

    private BrTableModule() {
    }

    /** The index that succeeds: the last target, so the whole table is in play. */
    static int okIndex(int targets) {
        return targets - 1;
    }

    static byte[] wasm(int targets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(targets + 256);
        out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        // types: 0 = () -> i64 (input_length), 1 = () -> i32 (the export)
        section(out, 1, bytes(0x02, 0x60, 0x00, 0x01, 0x7e, 0x60, 0x00, 0x01, 0x7f));
        ByteArrayOutputStream imports = new ByteArrayOutputStream();
        imports.write(1);
        name(imports, "extism:host/env");
        name(imports, "input_length");
        imports.writeBytes(bytes(0x00, 0x00)); // a function of type 0
        section(out, 2, imports.toByteArray());
        section(out, 3, bytes(0x01, 0x01)); // one function of type 1
        ByteArrayOutputStream exports = new ByteArrayOutputStream();
        exports.write(1);
        name(exports, "run");
        exports.writeBytes(bytes(0x00, 0x01)); // function 1 (0 is the import)
        section(out, 7, exports.toByteArray());

        ByteArrayOutputStream body = new ByteArrayOutputStream(targets + 64);
        body.write(0x00); // no locals
        body.writeBytes(bytes(0x02, 0x40)); // block $ok
        body.writeBytes(bytes(0x02, 0x40)); //   block $bad
        body.writeBytes(bytes(0x10, 0x00, 0xa7)); // call input_length; i32.wrap_i64
        body.write(0x0e); // br_table
        leb(body, targets);
        for (int i = 0; i < targets; i++) {
            body.write(i == okIndex(targets) ? 1 : 0); // depth 1 = $ok, 0 = $bad
        }
        body.write(0x00); // default: $bad
        body.write(0x0b); //   end $bad
        body.writeBytes(bytes(0x41, 0x07, 0x0f)); // return 7
        body.write(0x0b); // end $ok
        body.writeBytes(bytes(0x41, 0x00, 0x0b)); // 0; end of function
        ByteArrayOutputStream code = new ByteArrayOutputStream(targets + 64);
        code.write(1);
        leb(code, body.size());
        code.writeBytes(body.toByteArray());
        section(out, 10, code.toByteArray());
        return out.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        leb(out, content.length);
        out.writeBytes(content);
    }

    private static void name(ByteArrayOutputStream out, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        leb(out, utf8.length);
        out.writeBytes(utf8);
    }

    private static void leb(ByteArrayOutputStream out, int value) {
        int v = value;
        do {
            int b = v & 0x7f;
            v >>>= 7;
            out.write(v == 0 ? b : b | 0x80);
        } while (v != 0);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
