package io.spirefy.pluginengine.runtime.chicory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Moves a module's imports of the Extism kernel's log functions ({@code log_*}, {@code get_log_level})
 * to {@value #NAMESPACE}, where {@link GuestOutputLink} provides them for each instance.
 *
 * <p>Why: chicory-sdk 0.3.0 links its own log functions to its logger, which also receives its own and
 * Chicory's messages, and answers {@code get_log_level} with INFO, so a Go plugin drops its trace and
 * debug lines before logging them; a host function of the same name is refused as a collision. Only
 * import names change (no index moves), so code compiled from the original module runs unchanged.
 */
final class LogImports {

    static final String NAMESPACE = "pluginengine:log";
    private static final String KERNEL = "extism:host/env";
    private static final Set<String> NAMES = Set.of("log_trace", "log_debug", "log_info", "log_warn", "log_error", "get_log_level");

    private LogImports() {
    }

    /** The module with its log imports moved; {@code wasm} itself when it has none (or is not one we can read). */
    static byte[] moved(byte[] wasm) {
        try {
            return rewrite(wasm);
        } catch (RuntimeException e) {
            return wasm; // malformed: left for the sdk's validation to report
        }
    }

    private static byte[] rewrite(byte[] wasm) {
        int pos = 8;
        while (pos < wasm.length) {
            int id = wasm[pos] & 0xFF;
            int[] size = leb(wasm, pos + 1);
            int start = size[1];
            int end = start + size[0];
            if (id == 2) return importsMoved(wasm, pos, start, end);
            pos = end;
        }
        return wasm;
    }

    private static byte[] importsMoved(byte[] wasm, int sectionAt, int start, int end) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(end - start + 64);
        int[] count = leb(wasm, start);
        writeLeb(body, count[0]);
        int p = count[1];
        boolean moved = false;
        for (int i = 0; i < count[0]; i++) {
            int[] moduleLen = leb(wasm, p);
            String module = new String(wasm, moduleLen[1], moduleLen[0], StandardCharsets.UTF_8);
            int nameAt = moduleLen[1] + moduleLen[0];
            int[] nameLen = leb(wasm, nameAt);
            String name = new String(wasm, nameLen[1], nameLen[0], StandardCharsets.UTF_8);
            int descAt = nameLen[1] + nameLen[0];
            int next = skipDescription(wasm, descAt);
            if (wasm[descAt] == 0 && module.equals(KERNEL) && NAMES.contains(name)) {
                byte[] ns = NAMESPACE.getBytes(StandardCharsets.UTF_8);
                writeLeb(body, ns.length);
                body.write(ns, 0, ns.length);
                body.write(wasm, nameAt, next - nameAt);
                moved = true;
            } else {
                body.write(wasm, p, next - p);
            }
            p = next;
        }
        if (!moved) return wasm;
        ByteArrayOutputStream out = new ByteArrayOutputStream(wasm.length + 64);
        out.write(wasm, 0, sectionAt);
        out.write(2);
        writeLeb(out, body.size());
        out.write(body.toByteArray(), 0, body.size());
        out.write(wasm, end, wasm.length - end);
        return out.toByteArray();
    }

    /** Past one import's description (function, table, memory, global or tag). */
    private static int skipDescription(byte[] wasm, int at) {
        int kind = wasm[at] & 0xFF;
        int p = at + 1;
        switch (kind) {
            case 0: return leb(wasm, p)[1]; // type index
            case 1: return limits(wasm, p + 1); // reference type, limits
            case 2: return limits(wasm, p);
            case 3: return p + 2; // value type, mutability
            case 4: return leb(wasm, p + 1)[1]; // attribute, type index
            default: throw new IllegalArgumentException("import kind " + kind);
        }
    }

    private static int limits(byte[] wasm, int at) {
        int flags = wasm[at] & 0xFF;
        int p = leb(wasm, at + 1)[1];
        return (flags & 1) != 0 ? leb(wasm, p)[1] : p;
    }

    /** An unsigned LEB128 number at {@code at}: its value and the position after it. */
    private static int[] leb(byte[] b, int at) {
        int value = 0;
        int shift = 0;
        int p = at;
        while (true) {
            int x = b[p++] & 0xFF;
            value |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) return new int[] {value, p};
            shift += 7;
            if (shift > 28) throw new IllegalArgumentException("LEB128 too long");
        }
    }

    private static void writeLeb(ByteArrayOutputStream out, int v) {
        do {
            int x = v & 0x7F;
            v >>>= 7;
            out.write(v != 0 ? x | 0x80 : x);
        } while (v != 0);
    }
}
