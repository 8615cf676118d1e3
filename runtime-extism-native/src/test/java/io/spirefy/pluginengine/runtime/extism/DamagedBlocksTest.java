package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.ValueType;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Extism kernel keeps its block headers in the memory the guest writes with {@code store_u64}:
 * a hostile guest can make the kernel hand the host a block that runs past the end of that memory,
 * from its {@code alloc} (a freed block's size rewritten) or from its {@code length} (a live block's
 * used length rewritten). A host function copying into or out of such a block wrote or read outside
 * wasm memory: SIGSEGV, the JVM gone (seen for both before the bound). Now that host call fails, and
 * only it.
 */
class DamagedBlocksTest {

    static final String NS = "extism:host/pluginengine";

    @TempDir
    static Path dir;

    static byte[] wasm;

    static final String IMPORTS = """
            (import "extism:host/pluginengine" "answer" (func $answer (param i64) (result i64)))
            (import "extism:host/pluginengine" "echo" (func $echo (param i64) (result i64)))
            (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
            (import "extism:host/env" "free" (func $free (param i64)))
            """;

    static final String BODY = """
            (func (export "run") (result i32)
              (call $output_block (call $answer (call $input_block)))
              (i32.const 0))
            ;; the kernel's next alloc of the input's size is handed a freed block whose header the
            ;; guest rewrote (status free, size: that size plus 16 bytes, too little left over to
            ;; split): the kernel looks at its free blocks once its memory holds that much
            (func (export "damaged_free_block") (result i32) (local $in i64) (local $a i64) (local $n i64)
              (local.set $in (call $input_block))
              (local.set $n (call $decimal (local.get $in)))
              (drop (call $alloc (local.get $n)))
              (local.set $a (call $alloc (i64.const 16)))
              (drop (call $alloc (i64.const 16)))
              (call $free (local.get $a))
              (call $store_u8 (i64.sub (local.get $a) (i64.const 12)) (i32.const 2))
              (call $store_u64 (i64.sub (local.get $a) (i64.const 8)) (i64.add (local.get $n) (i64.const 16)))
              (call $output_block (call $answer (local.get $in)))
              (i32.const 0))
            ;; a live block of 16 bytes whose used length the guest rewrote to 256 MiB, passed to echo
            (func (export "damaged_used_length") (result i32) (local $a i64)
              (local.set $a (call $alloc (i64.const 16)))
              (call $store_u64 (i64.sub (local.get $a) (i64.const 8)) (i64.or (i64.const 16) (i64.shl (i64.const 0x10000000) (i64.const 32))))
              (call $output_block (call $echo (local.get $a)))
              (i32.const 0))
            ;; the same block set as the call's output
            (func (export "damaged_output") (result i32) (local $a i64)
              (local.set $a (call $alloc (i64.const 16)))
              (call $store_u64 (i64.sub (local.get $a) (i64.const 8)) (i64.or (i64.const 16) (i64.shl (i64.const 0x10000000) (i64.const 32))))
              (call $output_block (local.get $a))
              (i32.const 0))
            (func (export "echo") (result i32)
              (call $output_block (call $echo (call $input_block)))
              (i32.const 0))
            ;; the decimal number in a block
            (func $decimal (param $p i64) (result i64) (local $i i64) (local $v i64) (local $len i64)
              (local.set $len (call $length (local.get $p)))
              (block $done
                (loop $digit
                  (br_if $done (i64.ge_u (local.get $i) (local.get $len)))
                  (local.set $v (i64.add (i64.mul (local.get $v) (i64.const 10))
                    (i64.extend_i32_u (i32.sub (call $load_u8 (i64.add (local.get $p) (local.get $i))) (i32.const 48)))))
                  (local.set $i (i64.add (local.get $i) (i64.const 1)))
                  (br $digit)))
              (local.get $v))
            """;

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + 7);
        return b;
    }

    /** answer(n): writes n bytes of {@link #pattern} and returns their block; echo(block): a copy of the block. */
    static final List<HostFunction> HOST = List.of(
            new HostFunction(NS, "answer", List.of(ValueType.I64), List.of(ValueType.I64),
                    (ctx, args) -> new long[] {ctx.write(pattern(Integer.parseInt(ctx.readString(args[0]))))}),
            new HostFunction(NS, "echo", List.of(ValueType.I64), List.of(ValueType.I64),
                    (ctx, args) -> new long[] {ctx.write(ctx.read(args[0]))}));

    @BeforeAll
    static void compile() {
        wasm = Wat.compile(dir, "damaged-blocks", Wat.module(IMPORTS, BODY));
    }

    private static byte[] run(WasmInstance instance, String fn, String input) throws WasmException {
        return instance.call(fn, input.getBytes(UTF_8));
    }

    @Test
    void aBlockTheKernelAllocatesPastItsMemoryIsNotWritten() throws Exception {
        try (WasmModule module = NativeSupport.runtime().compile(new ModuleSpec("test.damaged@1.0.0", wasm, 512));
             WasmInstance instance = module.instantiate(HOST)) {
            // the bound passes every real block: small, across the kernel's pages, growing its memory
            for (int n : new int[] {1, 100, 65_535, 65_537, 1 << 20, (3 << 20) + 5}) {
                assertThat(run(instance, "run", Integer.toString(n))).as("%d bytes", n).isEqualTo(pattern(n));
            }
            assertThatThrownBy(() -> run(instance, "damaged_free_block", Integer.toString(8 << 20)))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRAP))
                    .hasMessageContaining("failed in host function " + NS + "::answer")
                    .hasMessageContaining("past the end of its memory");
            // each call starts with a fresh kernel memory
            assertThat(run(instance, "run", "100")).isEqualTo(pattern(100));
        }
    }

    @Test
    void aBlockWhoseLengthRunsPastTheMemoryIsNotRead() throws Exception {
        try (WasmModule module = NativeSupport.runtime().compile(new ModuleSpec("test.damaged@1.0.0", wasm, 512));
             WasmInstance instance = module.instantiate(HOST)) {
            assertThat(new String(run(instance, "echo", "hello"), UTF_8)).isEqualTo("hello");
            assertThatThrownBy(() -> run(instance, "damaged_used_length", ""))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRAP))
                    .hasMessageContaining("failed in host function " + NS + "::echo")
                    .hasMessageContaining("past the end of its memory");
            assertThat(new String(run(instance, "echo", "again"), UTF_8)).isEqualTo("again");
        }
    }

    @Test
    void anOutputWhoseLengthRunsPastTheMemoryIsNotRead() throws Exception {
        try (WasmModule module = NativeSupport.runtime().compile(new ModuleSpec("test.damaged@1.0.0", wasm, 512));
             WasmInstance instance = module.instantiate(HOST)) {
            // libextism reads the output through its own bounds (seen: an empty output); what matters
            // is that no byte past the block comes back and the process goes on
            try {
                assertThat(run(instance, "damaged_output", "")).hasSizeLessThanOrEqualTo(16);
            } catch (WasmException e) {
                assertThat(e.kind()).isEqualTo(Kind.TRAP);
            }
            assertThat(new String(run(instance, "echo", "again"), UTF_8)).isEqualTo("again");
        }
    }
}
