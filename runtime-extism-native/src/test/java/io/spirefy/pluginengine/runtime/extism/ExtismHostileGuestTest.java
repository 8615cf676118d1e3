package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.Cancellation;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.ValueType;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a plugin written to hurt the host can try on this runtime, and what it gets (issue 12). */
class ExtismHostileGuestTest {

    static final String NS = "extism:host/pluginengine";

    @TempDir
    static Path dir;

    ExtismNativeRuntime runtime;

    @BeforeEach
    void needsLibExtism() {
        runtime = NativeSupport.runtime();
    }

    /** Deep recursion, plain and with a host call on every level (the callback path at the deepest point). */
    static final String RECURSION = """
            (import "extism:host/pluginengine" "ping" (func $ping (param i64) (result i64)))
            """;
    static final String RECURSION_BODY = """
            (func $rec (param $d i64) (result i64)
              (i64.add (i64.const 1) (call $rec (i64.add (local.get $d) (i64.const 1)))))
            (func $rec_host (param $d i64) (result i64)
              (drop (call $ping (local.get $d)))
              (i64.add (i64.const 1) (call $rec_host (i64.add (local.get $d) (i64.const 1)))))
            (func (export "recurse") (result i32) (drop (call $rec (i64.const 0))) (i32.const 0))
            (func (export "recurse_host") (result i32) (drop (call $rec_host (i64.const 0))) (i32.const 0))
            (func (export "ping_once") (result i32) (drop (call $ping (i64.const 1))) (i32.const 0))
            """;

    static HostFunction ping(HostFunction.Body body) {
        return new HostFunction(NS, "ping", List.of(ValueType.I64), List.of(ValueType.I64), body);
    }

    static final HostFunction PING = ping((ctx, args) -> new long[] {args[0]});

    /** Runs {@code task} on a new thread with an ordinary 1 MiB stack, as a host's thread would. */
    static <T> T onThreadWithStack(long stackBytes, java.util.concurrent.Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(null, () -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "hostile-guest-test", stackBytes);
        t.start();
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }

    @Test
    void deepRecursionOnA1MiBThreadIsATrapSayingCallStackExhausted() throws Exception {
        byte[] wasm = Wat.compile(dir, "recursion", Wat.module(RECURSION, RECURSION_BODY));
        try (WasmModule module = runtime.compile(new ModuleSpec("test.recursion@1.0.0", wasm, 256));
             WasmInstance instance = module.instantiate(List.of(PING))) {
            for (String fn : List.of("recurse", "recurse_host")) {
                assertThatThrownBy(() -> onThreadWithStack(1 << 20, () -> instance.call(fn, new byte[0])))
                        .as(fn)
                        .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRAP))
                        .hasMessageContaining("call stack exhausted");
            }
            // An ordinary trap does not claim to be one.
            assertThat(instance.call("ping_once", new byte[0])).isEmpty();
        }
        byte[] boom = Wat.compile(dir, "boom", Wat.module("", "(func (export \"boom\") (result i32) (nop) unreachable)"));
        try (WasmModule module = runtime.compile(new ModuleSpec("test.boom@1.0.0", boom, 256));
             WasmInstance instance = module.instantiate(List.of())) {
            assertThatThrownBy(() -> instance.call("boom", new byte[0]))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRAP))
                    .message().doesNotContain("stack");
        }
    }

    @Test
    void anErrorThrownByAHostFunctionFailsTheCallEvenWhenTheGuestIgnoresIt() {
        byte[] wasm = Wat.compile(dir, "errors", Wat.module(RECURSION, RECURSION_BODY));
        List<Error> errors = List.of(new OutOfMemoryError(), new StackOverflowError(), new AssertionError("asserted"),
                new NoClassDefFoundError("some/Missing"));
        try (WasmModule module = runtime.compile(new ModuleSpec("test.errors@1.0.0", wasm, 256))) {
            for (Error error : errors) {
                try (WasmInstance instance = module.instantiate(List.of(ping((ctx, args) -> { throw error; })))) {
                    // ping_once drops the (zeroed) result and returns 0: only the runtime can fail it
                    assertThatThrownBy(() -> instance.call("ping_once", new byte[0]))
                            .as(error.toString())
                            .isInstanceOfSatisfying(WasmException.class, e -> {
                                assertThat(e.kind()).isEqualTo(Kind.TRAP);
                                assertThat(e.getCause()).isSameAs(error);
                            })
                            .hasMessageContaining(error.getClass().getName())
                            .hasMessageContaining(NS + "::ping");
                }
            }
        }
    }

    static final String SLEEP = """
            (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
            """;
    /** sleep: one relative monotonic clock subscription of the input's nanoseconds (8 bytes LE), userdata 77; outputs nevents, userdata, event type, errno. */
    static final String SLEEP_BODY = """
            (func (export "sleep") (result i32) (local $rc i32) (local $p i64)
              (i64.store (i32.const 1024) (i64.const 77))
              (i64.store (i32.const 1032) (i64.const 0))
              (i32.store (i32.const 1040) (i32.const 1))
              (i64.store (i32.const 1048) (call $input_load_u64 (i64.const 0)))
              (i64.store (i32.const 1056) (i64.const 0))
              (i64.store (i32.const 1064) (i64.const 0))
              (local.set $rc (call $poll (i32.const 1024) (i32.const 2048) (i32.const 1) (i32.const 4096)))
              (local.set $p (call $alloc (i64.const 24)))
              (call $store_u64 (local.get $p) (i64.load32_u (i32.const 4096)))
              (call $store_u64 (i64.add (local.get $p) (i64.const 8)) (i64.load (i32.const 2048)))
              (call $store_u64 (i64.add (local.get $p) (i64.const 16))
                (i64.or (i64.shl (i64.extend_i32_u (local.get $rc)) (i64.const 32)) (i64.load16_u (i32.const 2056))))
              (call $output_set (local.get $p) (i64.const 24))
              (i32.const 0))
            """;
    static final String SLEEP_IMPORTS = SLEEP + """
            (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
            (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
            """;

    static byte[] nanos(long n) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }

    @Test
    @Timeout(60)
    void cancelEndsAGuestBlockedInAWasiSleepOfAnHourPromptly() throws Exception {
        byte[] wasm = Wat.compile(dir, "sleep", Wat.module(SLEEP_IMPORTS, SLEEP_BODY));
        try (WasmModule module = runtime.compile(new ModuleSpec("test.sleep@1.0.0", wasm, 256));
             WasmInstance instance = module.instantiate(List.of())) {
            // A short sleep still sleeps its time and reports its event.
            long t0 = System.nanoTime();
            ByteBuffer out = ByteBuffer.wrap(instance.call("sleep", nanos(60_000_000L))).order(ByteOrder.LITTLE_ENDIAN);
            long took = System.nanoTime() - t0;
            assertThat(took).as("slept ns").isGreaterThanOrEqualTo(60_000_000L).isLessThan(2_000_000_000L);
            assertThat(out.getLong(0)).as("events").isEqualTo(1);
            assertThat(out.getLong(8)).as("userdata").isEqualTo(77);
            assertThat(out.getLong(16)).as("errno << 32 | error").isZero();

            CompletableFuture<byte[]> call = CompletableFuture.supplyAsync(() -> instance.call("sleep", nanos(3600L * 1_000_000_000L)));
            while (!((ExtismInstance) instance).running()) Thread.onSpinWait();
            Thread.sleep(300);
            assertThat(call).isNotDone();
            long cancelled = System.nanoTime();
            instance.cancel();
            assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
            assertThat(System.nanoTime() - cancelled).as("ns from cancel to the end of the call").isLessThan(1_000_000_000L);
        }
    }

    static final String START_LOOP = """
            (func $start (loop $l (br $l)))
            (start $start)
            (func (export "run") (result i32) (i32.const 0))
            """;
    static final String INIT_LOOP = """
            (func (export "_initialize") (loop $l (br $l)))
            (func (export "run") (result i32) (i32.const 0))
            """;

    @Test
    @Timeout(60)
    void anEndlessStartSectionOrInitializerEndsWhenInstantiationIsCancelled() throws Exception {
        for (String[] c : List.of(new String[] {"start", START_LOOP, "start section"},
                new String[] {"initialize", INIT_LOOP, "_initialize"})) {
            byte[] wasm = Wat.compile(dir, "loop-" + c[0], Wat.module("", c[1]));
            try (WasmModule module = runtime.compile(new ModuleSpec("test.loop-" + c[0] + "@1.0.0", wasm, 256))) {
                Cancellation cancellation = Cancellation.create();
                CompletableFuture<WasmInstance> instantiating = CompletableFuture.supplyAsync(
                        () -> module.instantiate(List.of(), cancellation));
                Thread.sleep(300);
                assertThat(instantiating).as(c[0]).isNotDone();
                long cancelled = System.nanoTime();
                cancellation.cancel();
                assertThatThrownBy(() -> instantiating.get(5, TimeUnit.SECONDS)).as(c[0]).cause()
                        .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED))
                        .hasMessageContaining(c[2]);
                assertThat(System.nanoTime() - cancelled).as("ns from cancel to the end").isLessThan(1_000_000_000L);
                // An instantiation cancelled before it begins does not run the loop at all.
                assertThatThrownBy(() -> module.instantiate(List.of(), cancellation))
                        .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
            }
        }
    }

    @Test
    void theStartSectionRunsBeforeTheInitializerAndBothOnceBeforeAnyCall() {
        byte[] wasm = Wat.compile(dir, "order", Wat.module("", """
                (global $g (mut i64) (i64.const 0))
                (func $start (global.set $g (i64.add (i64.mul (global.get $g) (i64.const 10)) (i64.const 1))))
                (start $start)
                (func (export "_initialize") (global.set $g (i64.add (i64.mul (global.get $g) (i64.const 10)) (i64.const 2))))
                (func (export "order") (result i32) (local $p i64)
                  (local.set $p (call $alloc (i64.const 1)))
                  (call $store_u8 (local.get $p) (i32.wrap_i64 (i64.add (i64.const 48) (global.get $g))))
                  (call $output_set (local.get $p) (i64.const 1))
                  (i32.const 0))
                """).replace("(i64.add (i64.const 48) (global.get $g))", "(i64.add (i64.const 36) (global.get $g))"));
        try (WasmModule module = runtime.compile(new ModuleSpec("test.order@1.0.0", wasm, 256));
             WasmInstance instance = module.instantiate(List.of(), Cancellation.create())) {
            // start then _initialize: 12; '$' + 12 = '0'
            assertThat(new String(instance.call("order", new byte[0]), UTF_8)).isEqualTo("0");
            assertThat(new String(instance.call("order", new byte[0]), UTF_8)).isEqualTo("0");
            // exported, as chicory answers, but refused when called (ExtismExportsTest)
            assertThat(instance.hasFunction("_initialize")).isTrue();
            assertThat(instance.hasFunction("order")).isTrue();
        }
    }

    @Test
    void anInitializerMayCallHostFunctionsWithParameters() {
        // libextism ran initializers before the store was wired up, where such a call crashed the
        // process; run as an ordinary call it reaches this instance's host function.
        byte[] wasm = Wat.compile(dir, "init-host", Wat.module(RECURSION, """
                (global $seen (mut i64) (i64.const 0))
                (func (export "_initialize") (global.set $seen (call $ping (i64.const 41))))
                (func (export "seen") (result i32)
                  (if (i64.ne (global.get $seen) (i64.const 42)) (then (return (i32.const 1))))
                  (i32.const 0))
                """));
        try (WasmModule module = runtime.compile(new ModuleSpec("test.init-host@1.0.0", wasm, 256));
             WasmInstance instance = module.instantiate(List.of(ping((ctx, args) -> new long[] {args[0] + 1})),
                     Cancellation.create())) {
            assertThat(instance.call("seen", new byte[0])).isEmpty();
        }
    }

    static final String KERNEL_ALLOC = """
            (func (export "alloc_loop") (result i32)
              (loop $l (br_if $l (i64.ne (call $alloc (i64.const 67108864)) (i64.const 0))))
              (i32.const 0))
            (func (export "grow_then_alloc") (result i32)
              (drop (memory.grow (i32.const 100)))
              (drop (call $alloc (i64.const 13107200)))
              (i32.const 0))
            (func (export "big_output") (result i32)
              (call $output_set (call $alloc (i64.const 1073741824)) (i64.const 1073741824))
              (i32.const 0))
            """;

    @Test
    void theExtismKernelsMemoryCountsAgainstTheSameLimitAsTheModules() {
        byte[] wasm = Wat.compile(dir, "kernel", Wat.module("", KERNEL_ALLOC));
        try (WasmModule module = runtime.compile(new ModuleSpec("test.kernel@1.0.0", wasm, 256));
             WasmInstance instance = module.instantiate(List.of())) {
            for (String fn : List.of("alloc_loop", "big_output")) {
                assertThatThrownBy(() -> instance.call(fn, new byte[0])).as(fn)
                        .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MEMORY_LIMIT))
                        .hasMessageContaining("memory limit");
            }
        }
        // 100 pages of its own and 200 in the kernel: over 256 together, within 400.
        try (WasmModule module = runtime.compile(new ModuleSpec("test.kernel@1.0.0", wasm, 256));
             WasmInstance instance = module.instantiate(List.of())) {
            assertThatThrownBy(() -> instance.call("grow_then_alloc", new byte[0]))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MEMORY_LIMIT));
        }
        try (WasmModule module = runtime.compile(new ModuleSpec("test.kernel@1.0.0", wasm, 400));
             WasmInstance instance = module.instantiate(List.of())) {
            assertThat(instance.call("grow_then_alloc", new byte[0])).isEmpty();
        }
    }

    @Test
    void aModulesInitialMemoryCountsTowardsItsLimit() {
        byte[] wasm = Wat.compile(dir, "initial", Wat.module("""
                (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
                """, """
                (func (export "grow") (result i32)
                  (if (i32.eq (memory.grow (i32.wrap_i64 (call $input_load_u64 (i64.const 0)))) (i32.const -1))
                    (then (return (i32.const 9))))
                  (i32.const 0))
                """).replace("(memory (export \"memory\") 1)", "(memory (export \"memory\") 200)"));
        try (WasmModule module = runtime.compile(new ModuleSpec("test.initial@1.0.0", wasm, 256));
             WasmInstance instance = module.instantiate(List.of())) {
            assertThat(instance.call("grow", nanos(50))).isEmpty(); // 250 pages and the kernel's
            assertThatThrownBy(() -> instance.call("grow", nanos(10)))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MEMORY_LIMIT))
                    .hasMessageContaining("memory limit");
        }
    }

    @Test
    void aModuleStartingWithMoreMemoryThanItsLimitDoesNotInstantiate() {
        byte[] wasm = Wat.compile(dir, "huge", Wat.module("", "(func (export \"run\") (result i32) (i32.const 0))")
                .replace("(memory (export \"memory\") 1)", "(memory (export \"memory\") 300)"));
        assertThatThrownBy(() -> {
            try (WasmModule module = runtime.compile(new ModuleSpec("test.huge@1.0.0", wasm, 256))) {
                module.instantiate(List.of()).close();
            }
        }).isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isIn(Kind.LINK, Kind.MEMORY_LIMIT))
                .hasMessageContaining("memory limit");
    }

    @Test
    void httpRequestIsNotAllowed() {
        byte[] wasm = Wat.compile(dir, "http", Wat.module("""
                (import "extism:host/env" "http_request" (func $http (param i64 i64) (result i64)))
                """, """
                (func (export "fetch") (result i32)
                  (drop (call $http (call $input_block) (i64.const 0)))
                  (i32.const 0))
                """));
        try (WasmModule module = runtime.compile(new ModuleSpec("test.http@1.0.0", wasm, 256));
             WasmInstance instance = module.instantiate(List.of())) {
            assertThatThrownBy(() -> instance.call("fetch", "{\"url\":\"https://example.com/\"}".getBytes(UTF_8)))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRAP))
                    .hasMessageContaining("not allowed");
        }
    }

    @Test
    void aNonZeroReturnWithoutErrorSetSaysSo() {
        byte[] wasm = Wat.compile(dir, "noerror", Wat.module("", "(func (export \"run\") (result i32) (i32.const 3))"));
        try (WasmModule module = runtime.compile(new ModuleSpec("test.noerror@1.0.0", wasm, 256));
             WasmInstance instance = module.instantiate(List.of())) {
            assertThatThrownBy(() -> instance.call("run", new byte[0]))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.GUEST_ERROR))
                    .hasMessage("returned 3 without an error message");
        }
    }

    /** Outputs claiming more than their block, or than the memory limit, and the honest ones beside them. */
    static final String OUTPUTS = """
            (func $block16 (result i64) (local $p i64) (local $i i64)
              (local.set $p (call $alloc (i64.const 16)))
              (block $done
                (loop $fill
                  (br_if $done (i64.ge_u (local.get $i) (i64.const 16)))
                  (call $store_u8 (i64.add (local.get $p) (local.get $i)) (i32.wrap_i64 (i64.add (local.get $i) (i64.const 65))))
                  (local.set $i (i64.add (local.get $i) (i64.const 1)))
                  (br $fill)))
              (local.get $p))
            (func (export "output_gib") (result i32)
              (call $output_set (call $block16) (i64.const 1073741824))
              (i32.const 0))
            (func (export "output_past_block") (result i32) (local $p i64)
              (local.set $p (call $block16))
              (drop (call $alloc (i64.const 64)))
              (call $output_set (local.get $p) (i64.const 32))
              (i32.const 0))
            (func (export "output_nowhere") (result i32)
              (call $output_set (i64.const 0) (i64.const 8))
              (i32.const 0))
            (func (export "output_exact") (result i32)
              (call $output_set (call $block16) (i64.const 16))
              (i32.const 0))
            (func (export "output_part") (result i32)
              (call $output_set (call $block16) (i64.const 5))
              (i32.const 0))
            (func (export "output_empty") (result i32)
              (call $output_set (i64.const 0) (i64.const 0))
              (i32.const 0))
            (func (export "no_output") (result i32) (i32.const 0))
            """;

    @Test
    void anOutputLargerThanItsBlockOrTheLimitFailsTheCall() {
        // With a memory of its own (moved into the WASI shim) and without one (nothing to move).
        byte[] withMemory = Wat.compile(dir, "outputs", Wat.module("", OUTPUTS));
        byte[] withoutMemory = Wat.compile(dir, "outputs-nomem", "(module\n" + Wat.KERNEL + "\n" + OUTPUTS + ")\n");
        for (byte[] wasm : List.of(withMemory, withoutMemory)) {
            ModuleSpec spec = new ModuleSpec("test.outputs@1.0.0", wasm, 256);
            try (WasmModule module = runtime.compile(spec);
                 WasmInstance instance = module.instantiate(List.of())) {
                assertThatThrownBy(() -> instance.call("output_gib", new byte[0]))
                        .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MEMORY_LIMIT))
                        .hasMessageContaining("memory limit")
                        .hasMessageContaining("1073741824 bytes")
                        .hasMessageContaining(String.valueOf(spec.maxMemoryBytes()));
                assertThatThrownBy(() -> instance.call("output_past_block", new byte[0]))
                        .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRAP))
                        .hasMessageContaining("32 bytes")
                        .hasMessageContaining("larger than its block of 16 bytes");
                assertThatThrownBy(() -> instance.call("output_nowhere", new byte[0]))
                        .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRAP))
                        .hasMessageContaining("no Extism block");
                // honest outputs on the same instance, after those failures
                assertThat(new String(instance.call("output_exact", new byte[0]), UTF_8)).isEqualTo("ABCDEFGHIJKLMNOP");
                assertThat(new String(instance.call("output_part", new byte[0]), UTF_8)).isEqualTo("ABCDE");
                assertThat(instance.call("output_empty", new byte[0])).isEmpty();
                assertThat(instance.call("no_output", new byte[0])).isEmpty();
            }
        }
    }
}
