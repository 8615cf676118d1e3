package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.ValueType;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.runtime.extism.internal.GuestRewrite;
import io.spirefy.pluginengine.runtime.extism.internal.ModuleShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Host functions get the lengths of their block arguments from the blocks shim (GuestRewrite,
 * BlockLengths) instead of asking libextism: a host function must read exactly what it read
 * before, for every offset a hostile guest can pass, and fail the same way where it failed.
 */
class BlockLengthsTest {

    static final String NS = "extism:host/pluginengine";

    @TempDir
    static Path dir;

    static byte[] wasm;

    static final String IMPORTS = """
            (import "extism:host/pluginengine" "pair" (func $pair (param i64 i64) (result i64)))
            (import "extism:host/pluginengine" "write_then_read" (func $write_then_read (param i64) (result i64)))
            (import "extism:host/user" "mixed" (func $mixed (param i32 i64 f64 i64) (result i64)))
            (import "extism:host/env" "free" (func $free (param i64)))
            (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
            """;

    /**
     * Each export passes pair (or another host function) a block made from the input, and
     * something else; "a" is a 64-byte block filled from the input where the input is shorter.
     */
    static final String BODY = """
            (func $block_of (param $text i64) (param $n i64) (result i64) (local $p i64) (local $i i64)
              (local.set $p (call $alloc (local.get $n)))
              (block $done
                (loop $fill
                  (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
                  (call $store_u8 (i64.add (local.get $p) (local.get $i))
                    (i32.wrap_i64 (i64.add (local.get $text) (i64.rem_u (local.get $i) (i64.const 26)))))
                  (local.set $i (i64.add (local.get $i) (i64.const 1)))
                  (br $fill)))
              (local.get $p))
            (func (export "both") (result i32)
              (call $output_block (call $pair (call $input_block) (call $block_of (i64.const 97) (i64.const 5))))
              (i32.const 0))
            (func (export "first_zero") (result i32)
              (call $output_block (call $pair (i64.const 0) (call $input_block)))
              (i32.const 0))
            (func (export "inside_a_block") (result i32) (local $a i64)
              (local.set $a (call $input_block))
              (call $output_block (call $pair (i64.add (local.get $a) (i64.const 1)) (local.get $a)))
              (i32.const 0))
            (func (export "freed") (result i32) (local $a i64) (local $b i64)
              (local.set $a (call $input_block))
              (local.set $b (call $block_of (i64.const 97) (i64.const 5)))
              (call $free (local.get $a))
              (call $output_block (call $pair (local.get $b) (local.get $a)))
              (i32.const 0))
            (func (export "above_4gib") (result i32) (local $a i64)
              (local.set $a (call $input_block))
              ;; the low 32 bits name a real block
              (call $output_block (call $pair (local.get $a) (i64.add (local.get $a) (i64.const 0x100000000))))
              (i32.const 0))
            (func (export "minus_one") (result i32)
              (call $output_block (call $pair (call $input_block) (i64.const -1)))
              (i32.const 0))
            (func (export "past_memory") (result i32)
              (call $output_block (call $pair (call $input_block) (i64.const 0x7fff0000)))
              (i32.const 0))
            ;; A block header forged inside a's data (status active, used 200), and the offset just
            ;; after it: the kernel's length_unsafe would believe it, its length does not.
            (func (export "forged_header") (result i32) (local $a i64)
              (local.set $a (call $block_of (i64.const 97) (i64.const 64)))
              (call $store_u64 (local.get $a) (i64.const 1))
              (call $store_u64 (i64.add (local.get $a) (i64.const 4)) (i64.const 200))
              (call $store_u64 (i64.add (local.get $a) (i64.const 8)) (i64.const 200))
              (call $output_block (call $pair (call $block_of (i64.const 65) (i64.const 3))
                                              (i64.add (local.get $a) (i64.const 12))))
              (i32.const 0))
            ;; the offset where the host's own allocation will land (the kernel allocates by bumping):
            ;; no block when the shim asks, the host's block when the host reads it
            (func (export "where_the_host_allocates") (result i32) (local $a i64)
              (local.set $a (call $block_of (i64.const 97) (i64.const 5)))
              (call $output_block (call $write_then_read (i64.add (local.get $a) (i64.const 17))))
              (i32.const 0))
            (func (export "mixed") (result i32)
              (call $output_block (call $mixed (i32.const -7) (call $block_of (i64.const 97) (i64.const 3))
                                               (f64.const 2.5) (call $input_block)))
              (i32.const 0))
            """;

    static final List<HostFunction> HOST = List.of(
            new HostFunction(NS, "pair", List.of(ValueType.I64, ValueType.I64), List.of(ValueType.I64),
                    (ctx, args) -> new long[] {ctx.writeString(ctx.readString(args[0]) + "|" + ctx.readString(args[1]))}),
            new HostFunction(NS, "write_then_read", List.of(ValueType.I64), List.of(ValueType.I64), (ctx, args) -> {
                long mine = ctx.writeString("HOST!");
                return new long[] {ctx.writeString((mine == args[0] ? "mine:" : "elsewhere:") + ctx.readString(args[0]))};
            }),
            new HostFunction(HostFunction.USER_NAMESPACE, "mixed", List.of(ValueType.I32, ValueType.I64, ValueType.F64, ValueType.I64),
                    List.of(ValueType.I64), (ctx, args) -> new long[] {ctx.writeString((int) args[0] + ";" + ctx.readString(args[1])
                    + ";" + Double.longBitsToDouble(args[2]) + ";" + ctx.readString(args[3]))}));

    @BeforeAll
    static void compile() {
        wasm = Wat.compile(dir, "block-lengths", Wat.module(IMPORTS, BODY));
    }

    private static String call(WasmInstance instance, String fn, String input) throws WasmException {
        return new String(instance.call(fn, input.getBytes(UTF_8)), UTF_8);
    }

    @Test
    void theHostFunctionsReadTheirBlocksThroughTheShim() throws Exception {
        GuestRewrite rewrite = GuestRewrite.of(wasm, ModuleShape.read(wasm), fi -> !fi.module().equals("extism:host/env"));
        List<String> routed = new ArrayList<>();
        for (ModuleShape.FunctionImport fi : rewrite.withLengths()) routed.add(fi.module() + "::" + fi.name());
        assertThat(routed).containsExactly(NS + "::pair", NS + "::write_then_read", "extism:host/user::mixed");
        assertThat(ModuleShape.read(rewrite.wasm()).imports()).extracting(ModuleShape.FunctionImport::module)
                .doesNotContain(NS, HostFunction.USER_NAMESPACE).contains(GuestRewrite.BLOCKS_MODULE);
    }

    /** What would not link before must fail as before: a name imported with two types, or an import with no i64, stays as it was. */
    @Test
    void onlyImportsOfOneTypeThatTakeAnI64AreRouted() throws Exception {
        byte[] mixed = Wat.compile(dir, "two-types", """
                (module
                  (import "extism:host/user" "twice" (func (param i64) (result i64)))
                  (import "extism:host/user" "twice" (func (param i32) (result i64)))
                  (import "extism:host/user" "small" (func (param i32 f32) (result i32)))
                  (import "extism:host/user" "same" (func (param i64)))
                  (import "extism:host/user" "same" (func (param i64)))
                  (func (export "run") (result i32) (i32.const 0)))
                """);
        GuestRewrite rewrite = GuestRewrite.of(mixed, ModuleShape.read(mixed), fi -> true);
        assertThat(rewrite.withLengths()).extracting(ModuleShape.FunctionImport::name).containsExactly("same");
        assertThat(ModuleShape.read(rewrite.wasm()).imports()).extracting(fi -> fi.module() + "::" + fi.name())
                .containsExactly("extism:host/user::twice", "extism:host/user::twice", "extism:host/user::small",
                        GuestRewrite.BLOCKS_MODULE + "::0", GuestRewrite.BLOCKS_MODULE + "::0");
    }

    @Test
    void blocksAreReadWhole() throws Exception {
        try (WasmModule module = NativeSupport.runtime().compile(new ModuleSpec("test.lengths@1.0.0", wasm, 64));
             WasmInstance instance = module.instantiate(HOST)) {
            String long_ = "x".repeat(5000);
            assertThat(call(instance, "both", "hello")).isEqualTo("hello|abcde");
            assertThat(call(instance, "both", long_)).isEqualTo(long_ + "|abcde");
            assertThat(call(instance, "first_zero", "hello")).isEqualTo("|hello");
            // each i64 gets its own block's length, whatever lies between them
            assertThat(call(instance, "mixed", "payload")).isEqualTo("-7;abc;2.5;payload");
        }
    }

    @Test
    void anOffsetThatIsNotALiveBlockFailsTheCallAsBefore() throws Exception {
        try (WasmModule module = NativeSupport.runtime().compile(new ModuleSpec("test.lengths@1.0.0", wasm, 64));
             WasmInstance instance = module.instantiate(HOST)) {
            for (String fn : List.of("inside_a_block", "freed", "above_4gib", "minus_one", "past_memory", "forged_header")) {
                assertThatThrownBy(() -> call(instance, fn, "hello"))
                        .as(fn)
                        .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRAP))
                        .hasMessageContaining("failed in host function " + NS + "::pair")
                        .hasMessageContaining("no Extism memory block at offset");
                // the instance goes on
                assertThat(call(instance, "both", "again")).as("after " + fn).isEqualTo("again|abcde");
            }
        }
    }

    /**
     * The lengths were asked before the host allocated: an offset that names no block then but the
     * host's own block now is read as libextism sees it now, as before the shim.
     */
    @Test
    void anOffsetTheHostsOwnAllocationTookIsReadAsItIsNow() throws Exception {
        try (WasmModule module = NativeSupport.runtime().compile(new ModuleSpec("test.lengths@1.0.0", wasm, 64));
             WasmInstance instance = module.instantiate(HOST)) {
            assertThat(call(instance, "where_the_host_allocates", "")).isEqualTo("mine:HOST!");
        }
    }

    /** The host function behind the shim takes lengths as arguments: a guest must not reach it with lengths of its own. */
    @Test
    void aGuestCannotCallTheHostFunctionWithLengthsOfItsOwn() {
        byte[] direct = Wat.compile(dir, "direct-lengths", """
                (module
                  (import "pluginengine:internal" "lengths:0" (func (param i64 i64 i64 i64) (result i64)))
                  (func (export "run") (result i32) (i32.const 0)))
                """);
        // Outside the lambda: without libextism the test is skipped, not failed by the skip's own exception.
        ExtismNativeRuntime runtime = NativeSupport.runtime();
        assertThatThrownBy(() -> runtime.compile(new ModuleSpec("test.direct@1.0.0", direct, 16)))
                .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.LINK))
                .hasMessageContaining("pluginengine:internal::lengths:0");
    }
}
