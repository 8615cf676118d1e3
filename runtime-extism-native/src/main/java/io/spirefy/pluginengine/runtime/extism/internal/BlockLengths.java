package io.spirefy.pluginengine.runtime.extism.internal;

import java.util.List;

/**
 * The wasm module linked as {@value GuestRewrite#BLOCKS_MODULE}: for each host-function import
 * {@link GuestRewrite} routes through it, a function of the import's own type that asks the Extism
 * kernel's {@code length} for every i64 argument and calls the runtime's host function
 * ({@value GuestRewrite#INTERNAL_MODULE}{@code ::}{@value #HOST_PREFIX}<i>n</i>) with the arguments
 * followed by those lengths.
 *
 * <p>Why: a host function reading a block argument otherwise asks libextism for its length
 * ({@code extism_current_plugin_memory_length}: a lookup of {@code length} by name and an untyped
 * call into the kernel, about 0.6 µs); here the same kernel function is called wasm to wasm, for a
 * few nanoseconds. Every i64 is asked about, since the runtime cannot tell a block offset from a
 * number; the kernel answers 0 for anything that is not the start of a live block, and the host
 * side uses a length only for the very offset it was asked for.
 *
 * <p>Why {@code length} and not the kernel's cheaper {@code length_unsafe}: the latter reads the
 * length from the 12 bytes before the offset, which a guest can forge with {@code store_u64}, so a
 * forged offset would come with a length of the guest's choosing. {@code length} walks the
 * kernel's own block list, exactly what libextism's {@code memory_length} runs, so the host gets
 * the length it got before, for every offset a guest may pass. The guest cannot call the host
 * function with lengths of its own: it would have to import it from
 * {@value GuestRewrite#INTERNAL_MODULE}, which the runtime refuses.
 */
public final class BlockLengths {

    /** Prefix of the name of the runtime's host function behind routed import <i>n</i>. */
    public static final String HOST_PREFIX = "lengths:";

    private static final int I64 = 0x7E;

    private BlockLengths() {
    }

    /** The runtime's host function behind the routed import {@code index}. */
    public static String hostName(int index) {
        return HOST_PREFIX + index;
    }

    /** What the shim exports for the routed import {@code index}: the name the rewritten guest imports. */
    static String exportName(int index) {
        return Integer.toString(index);
    }

    /** The host function's parameters: the import's, then one i64 length for each of its i64 parameters. */
    public static int[] withLengths(int[] params) {
        int n = 0;
        for (int p : params) if (p == LibExtism.I64) n++;
        int[] out = java.util.Arrays.copyOf(params, params.length + n);
        for (int i = params.length; i < out.length; i++) out[i] = LibExtism.I64;
        return out;
    }

    /** Whether routing the import gains anything: it takes an i64 (a possible block) and has only number types. */
    static boolean worthRouting(ModuleShape.FunctionImport fi) {
        if (!fi.numeric()) return false;
        for (int p : fi.params()) if (p == LibExtism.I64) return true;
        return false;
    }

    /** The module, for the imports routed in this order (import <i>n</i> is export {@link #exportName}(n)). */
    static byte[] module(List<ModuleShape.FunctionImport> routed) {
        int n = routed.size();
        GuestRewrite.Out out = new GuestRewrite.Out();
        out.bytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}, 0, 8);

        // types: 0 = the kernel's length (i64) -> i64; 1 + 2i = import i's own type; 2 + 2i = with lengths
        GuestRewrite.Out types = new GuestRewrite.Out();
        types.leb(1 + 2L * n);
        type(types, new int[] {LibExtism.I64}, new int[] {LibExtism.I64});
        for (ModuleShape.FunctionImport fi : routed) {
            type(types, fi.params(), fi.results());
            type(types, withLengths(fi.params()), fi.results());
        }
        out.section(1, types);

        // imports: function 0 = the kernel's length; 1 + i = the host function behind import i
        GuestRewrite.Out imports = new GuestRewrite.Out();
        imports.leb(1 + n);
        imports.name(GuestRewrite.KERNEL);
        imports.name("length");
        imports.u8(0);
        imports.leb(0);
        for (int i = 0; i < n; i++) {
            imports.name(GuestRewrite.INTERNAL_MODULE);
            imports.name(hostName(i));
            imports.u8(0);
            imports.leb(2L + 2L * i);
        }
        out.section(2, imports);

        GuestRewrite.Out functions = new GuestRewrite.Out();
        functions.leb(n);
        for (int i = 0; i < n; i++) functions.leb(1L + 2L * i);
        out.section(3, functions);

        GuestRewrite.Out exports = new GuestRewrite.Out();
        exports.leb(n);
        for (int i = 0; i < n; i++) {
            exports.name(exportName(i));
            exports.u8(0);
            exports.leb(1L + n + i);
        }
        out.section(7, exports);

        GuestRewrite.Out code = new GuestRewrite.Out();
        code.leb(n);
        for (int i = 0; i < n; i++) {
            int[] params = routed.get(i).params();
            GuestRewrite.Out body = new GuestRewrite.Out();
            body.leb(0); // no locals
            for (int p = 0; p < params.length; p++) localGet(body, p);
            for (int p = 0; p < params.length; p++) {
                if (params[p] != LibExtism.I64) continue;
                localGet(body, p);
                body.u8(0x10); // call the kernel's length
                body.leb(0);
            }
            body.u8(0x10); // call the host function
            body.leb(1L + i);
            body.u8(0x0B);
            code.leb(body.size());
            code.bytes(body.toByteArray(), 0, body.size());
        }
        out.section(10, code);
        return out.toByteArray();
    }

    private static void localGet(GuestRewrite.Out body, int index) {
        body.u8(0x20);
        body.leb(index);
    }

    private static void type(GuestRewrite.Out out, int[] params, int[] results) {
        out.u8(0x60);
        valTypes(out, params);
        valTypes(out, results);
    }

    private static void valTypes(GuestRewrite.Out out, int[] codes) {
        out.leb(codes.length);
        for (int c : codes) {
            out.u8(switch (c) {
                case LibExtism.I32 -> 0x7F;
                case LibExtism.I64 -> I64;
                case LibExtism.F32 -> 0x7D;
                case LibExtism.F64 -> 0x7C;
                default -> throw new IllegalArgumentException("not a number type: " + c);
            });
        }
    }
}
