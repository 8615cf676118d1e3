package io.spirefy.pluginengine.tests;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A valid module of about 1 MB whose export {@code run} is one {@code br_table} with a million
 * targets: tiny zipped, yet a compiler that turns it into JVM bytecode works on it for minutes.
 * Encoded here rather than committed (no binaries in the repository) or assembled by wat2wasm
 * (one tool less at test time); the format is simple enough to write by hand.
 */
final class BranchTableModule {

    private BranchTableModule() {
    }

    static byte[] withTargets(int targets) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(targets + 32);
        body.write(0);                                     // no locals
        body.writeBytes(new byte[] {0x02, 0x40});          // block (no result)
        body.writeBytes(new byte[] {0x41, 0x00});          //   i32.const 0
        body.write(0x0e);                                  //   br_table
        uleb(body, targets);
        for (int i = 0; i <= targets; i++) body.write(0);  //   every target, then the default: the block
        body.write(0x0b);                                  // end
        body.writeBytes(new byte[] {0x41, 0x00, 0x0b});    // i32.const 0, end

        ByteArrayOutputStream module = new ByteArrayOutputStream(targets + 128);
        module.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(module, 1, new byte[] {1, 0x60, 0, 1, 0x7f});          // type 0: () -> i32
        section(module, 3, new byte[] {1, 0});                         // one function of type 0
        section(module, 5, new byte[] {1, 0, 1});                      // one memory, 1 page
        ByteArrayOutputStream exports = new ByteArrayOutputStream();
        exports.write(2);
        name(exports, "memory");
        exports.writeBytes(new byte[] {2, 0});
        name(exports, "run");
        exports.writeBytes(new byte[] {0, 0});
        section(module, 7, exports.toByteArray());
        ByteArrayOutputStream code = new ByteArrayOutputStream(targets + 32);
        code.write(1);
        uleb(code, body.size());
        code.writeBytes(body.toByteArray());
        section(module, 10, code.toByteArray());
        return module.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        uleb(out, content.length);
        out.writeBytes(content);
    }

    private static void name(ByteArrayOutputStream out, String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        uleb(out, b.length);
        out.writeBytes(b);
    }

    private static void uleb(ByteArrayOutputStream out, long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v == 0 ? b : b | 0x80);
        } while (v != 0);
    }
}
