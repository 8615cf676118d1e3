package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.ValueType;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.api.spi.WasmRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtismNativeRuntimeTest {

    static final String NS = "extism:host/pluginengine";

    @TempDir
    static Path dir;

    static ExtismNativeRuntime runtime;
    static byte[] basic;

    @BeforeEach
    void needsLibExtism() {
        runtime = NativeSupport.runtime(); // skips (or fails, when required) each test without it
    }

    @BeforeAll
    static void fixtures() {
        basic = Wat.compile(dir, "basic", Wat.module("", """
                (func (export "echo") (result i32)
                  (call $output_block (call $input_block))
                  (i32.const 0))
                (func (export "fail") (result i32)
                  (call $error_set (call $input_block))
                  (i32.const 1))
                (func (export "boom") (result i32) unreachable)
                (func (export "spin") (result i32) (loop $l (br $l)) (i32.const 0))
                (func (export "grow") (result i32) (local $i i32)
                  (loop $l
                    (if (i32.eq (memory.grow (i32.const 16)) (i32.const -1)) (then (return (i32.const 7))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br_if $l (i32.lt_u (local.get $i) (i32.const 100))))
                  (i32.const 0))
                """));
    }

    static ModuleSpec spec(String name, byte[] wasm) {
        return new ModuleSpec(name, wasm, 256);
    }

    static String call(WasmInstance instance, String fn, String input) {
        return new String(instance.call(fn, input.getBytes(UTF_8)), UTF_8);
    }

    @Test
    void isProvidedAsAServiceWithItsNameAndPriority() throws Exception {
        // The test classes are patched into the module, which has no `uses`: check the declarations.
        assertThat(ExtismNativeRuntime.class.getModule().getDescriptor().provides())
                .anySatisfy(p -> {
                    assertThat(p.service()).isEqualTo(WasmRuntime.class.getName());
                    assertThat(p.providers()).containsExactly(ExtismNativeRuntime.class.getName());
                });
        try (var in = ExtismNativeRuntime.class.getResourceAsStream("/META-INF/services/" + WasmRuntime.class.getName())) {
            assertThat(new String(in.readAllBytes(), UTF_8).trim()).isEqualTo(ExtismNativeRuntime.class.getName());
        }
        WasmRuntime found = new ExtismNativeRuntime();
        assertThat(found.name()).isEqualTo("extism");
        assertThat(found.priority()).isEqualTo(50);
        assertThat(found.unavailableReason()).isEmpty();
        assertThat(runtime.libraryDescription()).hasValueSatisfying(d -> assertThat(d).startsWith("libextism 1."));
    }

    @Test
    void echoesInputAndKnowsItsExports() {
        try (WasmModule module = runtime.compile(spec("test.echo@1.0.0", basic));
             WasmInstance instance = module.instantiate(List.of())) {
            assertThat(call(instance, "echo", "hello, wasm")).isEqualTo("hello, wasm");
            assertThat(call(instance, "echo", "")).isEmpty();
            assertThat(instance.hasFunction("echo")).isTrue();
            assertThat(instance.hasFunction("nope")).isFalse();
        }
    }

    @Test
    void inputsOfEverySizeGoThroughTheInstancesInputBufferIntact() {
        // The input is passed through a native buffer the instance keeps and grows up to a cap;
        // a larger input gets a buffer of its own. Sizes around each step, in an order that
        // grows, overflows the cap, then shrinks again.
        int cap = ExtismInstance.KEPT_INPUT_BYTES;
        try (WasmModule module = runtime.compile(spec("test.echo@1.0.0", basic));
             WasmInstance instance = module.instantiate(List.of())) {
            for (int size : new int[] {1, 255, 256, 257, 5000, 0, 4096, cap + 1, cap, 3, 0}) {
                byte[] input = new byte[size];
                for (int i = 0; i < size; i++) input[i] = (byte) (i * 31 + size);
                assertThat(instance.call("echo", input)).as("echo of %d bytes", size).isEqualTo(input);
            }
        }
    }

    @Test
    void nonZeroReturnIsAGuestErrorWithItsMessage() {
        try (WasmModule module = runtime.compile(spec("test.fail@1.0.0", basic));
             WasmInstance instance = module.instantiate(List.of())) {
            assertThatThrownBy(() -> call(instance, "fail", "bad input: 42"))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.GUEST_ERROR))
                    .hasMessage("bad input: 42");
            assertThat(call(instance, "echo", "still works")).isEqualTo("still works");
        }
    }

    @Test
    void unreachableIsATrap() {
        try (WasmModule module = runtime.compile(spec("test.boom@1.0.0", basic));
             WasmInstance instance = module.instantiate(List.of())) {
            assertThatThrownBy(() -> call(instance, "boom", ""))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRAP))
                    // libextism names no reason: it is read from the instruction the backtrace points at
                    .hasMessageStartingWith("unreachable instruction executed\n")
                    .hasMessageContaining("wasm backtrace");
        }
    }

    @Test
    void unknownExportIsNoSuchFunction() {
        try (WasmModule module = runtime.compile(spec("test.unknown@1.0.0", basic));
             WasmInstance instance = module.instantiate(List.of())) {
            assertThatThrownBy(() -> call(instance, "missing", ""))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_FUNCTION))
                    // The caller names the plugin and the function (WasmException): the runtime says what is wrong.
                    .hasMessageStartingWith("the module exports no function of that name").hasMessageContaining("echo");
        }
    }

    @Test
    @Timeout(60)
    void cancelStopsAnInfiniteLoopFromAnotherThread() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (WasmModule module = runtime.compile(spec("test.spin@1.0.0", basic));
             WasmInstance instance = module.instantiate(List.of())) {
            instance.cancel(); // no call running: does nothing
            assertThat(call(instance, "echo", "not cancelled")).isEqualTo("not cancelled");
            Future<?> call = pool.submit(() -> instance.call("spin", new byte[0]));
            while (!((ExtismInstance) instance).running()) Thread.onSpinWait();
            Thread.sleep(50); // well inside the loop
            assertThat(call).isNotDone();
            instance.cancel();
            assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED))
                    .hasMessage("cancelled");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(60)
    void aSingleCancelRightAfterTheCallStartsIsNotLost() throws Exception {
        // libextism drops a cancel that arrives before it has started the export; ours re-sends.
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (WasmModule module = runtime.compile(spec("test.spin2@1.0.0", basic))) {
            for (int round = 0; round < 5; round++) {
                try (WasmInstance instance = module.instantiate(List.of())) {
                    Future<?> call = pool.submit(() -> instance.call("spin", new byte[0]));
                    while (!((ExtismInstance) instance).running()) Thread.onSpinWait();
                    instance.cancel();
                    assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).cause()
                            .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void growingPastTheLimitIsAMemoryLimitError() {
        try (WasmModule module = runtime.compile(new ModuleSpec("test.grow@1.0.0", basic, 8));
             WasmInstance instance = module.instantiate(List.of())) {
            assertThatThrownBy(() -> call(instance, "grow", ""))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MEMORY_LIMIT))
                    .hasMessageContaining("memory limit");
        }
        // The same module with room enough grows 100 x 16 pages fine.
        try (WasmModule module = runtime.compile(new ModuleSpec("test.grow@1.0.0", basic, 2000));
             WasmInstance instance = module.instantiate(List.of())) {
            assertThat(instance.call("grow", new byte[0])).isEmpty();
        }
    }

    static final String GREET_IMPORTS = """
            (import "extism:host/pluginengine" "greet" (func $greet (param i64) (result i64)))
            """;
    static final String GREET_BODY = """
            (func (export "greet") (result i32)
              (call $output_block (call $greet (call $input_block)))
              (i32.const 0))
            """;

    static HostFunction greet(String greeting) {
        return new HostFunction(NS, "greet", List.of(ValueType.I64), List.of(ValueType.I64),
                (ctx, args) -> new long[] {ctx.writeString(greeting + ", " + ctx.readString(args[0]) + "!")});
    }

    @Test
    void hostFunctionsRoundTripThroughExtismMemoryPerInstance() {
        byte[] wasm = Wat.compile(dir, "greet", Wat.module(GREET_IMPORTS, GREET_BODY));
        try (WasmModule module = runtime.compile(spec("test.greet@1.0.0", wasm));
             WasmInstance hello = module.instantiate(List.of(greet("Hello")));
             WasmInstance hi = module.instantiate(List.of(greet("Hi")))) {
            assertThat(call(hello, "greet", "Ada")).isEqualTo("Hello, Ada!");
            assertThat(call(hi, "greet", "Bob")).isEqualTo("Hi, Bob!");
            assertThat(call(hello, "greet", "")).isEqualTo("Hello, !");
        }
    }

    @Test
    void aHostFunctionCallingAnotherInstanceOfTheSameModuleLeavesEachItsOwnBodyAndMemory() {
        // The trampoline finds its instance through the thread's innermost call, checked against
        // the plugin address learned from libextism's host context: nesting must not confuse it.
        byte[] wasm = Wat.compile(dir, "greet", Wat.module(GREET_IMPORTS, GREET_BODY));
        try (WasmModule module = runtime.compile(spec("test.nested@1.0.0", wasm));
             WasmInstance inner = module.instantiate(List.of(greet("Hi")))) {
            HostFunction outerGreet = new HostFunction(NS, "greet", List.of(ValueType.I64), List.of(ValueType.I64),
                    (ctx, args) -> {
                        String nested = call(inner, "greet", ctx.readString(args[0])); // inner's body, this thread
                        return new long[] {ctx.writeString("Hello, " + nested)}; // back in outer's memory
                    });
            try (WasmInstance outer = module.instantiate(List.of(outerGreet))) {
                for (int round = 0; round < 3; round++) { // later rounds take the learned-address path
                    assertThat(call(outer, "greet", "Ada")).isEqualTo("Hello, Hi, Ada!");
                    assertThat(call(inner, "greet", "Bob")).isEqualTo("Hi, Bob!");
                }
            }
        }
    }

    @Test
    void aThrowingHostFunctionFailsTheCallWithItsMessage() {
        byte[] wasm = Wat.compile(dir, "explode", Wat.module(GREET_IMPORTS, GREET_BODY + """
                (func (export "greet_then_spin") (result i32)
                  (drop (call $greet (i64.const 0)))
                  (loop $l (br $l))
                  (i32.const 0))
                """));
        HostFunction throwing = new HostFunction(NS, "greet", List.of(ValueType.I64), List.of(ValueType.I64),
                (ctx, args) -> { throw new IllegalStateException("kaboom from the host"); });
        try (WasmModule module = runtime.compile(spec("test.explode@1.0.0", wasm));
             WasmInstance instance = module.instantiate(List.of(throwing))) {
            assertThatThrownBy(() -> call(instance, "greet", "x"))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRAP))
                    .hasMessageContaining("kaboom from the host").hasMessageContaining(NS + "::greet");
            // A guest that loops after the failed host call is not interrupted by the runtime (that
            // cancel would reach other instances of the module); the caller's cancel (the engine's
            // timeout) stops it, and the failure still carries the host function's message.
            java.util.concurrent.ExecutorService caller = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<byte[]> spinning = caller.submit(() -> instance.call("greet_then_spin", new byte[]{'x'}));
                Thread.sleep(300);
                assertThat(spinning).isNotDone();
                instance.cancel();
                assertThatThrownBy(() -> spinning.get(30, java.util.concurrent.TimeUnit.SECONDS)).cause()
                        .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRAP))
                        .hasMessageContaining("kaboom from the host");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                caller.shutdownNow();
            }
        }
    }

    @Test
    void reactorInitializeRunsOnceBeforeAnyExport() {
        byte[] wasm = Wat.compile(dir, "reactor", Wat.module("", """
                (global $inits (mut i32) (i32.const 0))
                (func (export "_initialize") (global.set $inits (i32.add (global.get $inits) (i32.const 1))))
                (func (export "inits") (result i32) (local $p i64)
                  (local.set $p (call $alloc (i64.const 1)))
                  (call $store_u8 (local.get $p) (i32.add (i32.const 48) (global.get $inits)))
                  (call $output_set (local.get $p) (i64.const 1))
                  (i32.const 0))
                """));
        try (WasmModule module = runtime.compile(spec("test.reactor@1.0.0", wasm));
             WasmInstance instance = module.instantiate(List.of())) {
            assertThat(call(instance, "inits", "")).isEqualTo("1");
            assertThat(call(instance, "inits", "")).isEqualTo("1");
        }
    }

    @Test
    void aFailingInitializerIsALinkError() {
        byte[] wasm = Wat.compile(dir, "badinit", Wat.module("", """
                (func (export "_initialize") unreachable)
                (func (export "run") (result i32) (i32.const 0))
                """));
        try (WasmModule module = runtime.compile(spec("test.badinit@1.0.0", wasm))) {
            assertThatThrownBy(() -> module.instantiate(List.of()))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.LINK))
                    .hasMessageContaining("test.badinit@1.0.0").hasMessageContaining("_initialize")
                    .hasMessageContaining("trapped");
        }
    }

    @Test
    void invalidBytesAreALinkError() {
        assertThatThrownBy(() -> runtime.compile(spec("test.garbage@1.0.0", "not wasm".getBytes(UTF_8))))
                .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.LINK))
                .hasMessageContaining("test.garbage@1.0.0");
        byte[] truncated = java.util.Arrays.copyOf(basic, basic.length / 2);
        assertThatThrownBy(() -> runtime.compile(spec("test.truncated@1.0.0", truncated)))
                .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.LINK))
                .hasMessageContaining("test.truncated@1.0.0");
    }

    @Test
    void anUnsatisfiedImportIsALinkErrorNamingIt() {
        byte[] wasm = Wat.compile(dir, "needs", Wat.module(GREET_IMPORTS, GREET_BODY));
        try (WasmModule module = runtime.compile(spec("test.needs@1.0.0", wasm))) {
            assertThatThrownBy(() -> module.instantiate(List.of()))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.LINK))
                    .hasMessageContaining("test.needs@1.0.0").hasMessageContaining(NS + "::greet");
            HostFunction wrongType = new HostFunction(NS, "greet", List.of(ValueType.I32), List.of(ValueType.I64),
                    (ctx, args) -> new long[] {0});
            assertThatThrownBy(() -> module.instantiate(List.of(wrongType)))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.LINK))
                    .hasMessageContaining("(i64) -> (i64)").hasMessageContaining("(i32) -> (i64)");
        }
    }

    @Test
    void fourThreadsWithAnInstanceEachGetTheirOwnOutputs() throws Exception {
        byte[] wasm = Wat.compile(dir, "greet4", Wat.module(GREET_IMPORTS, GREET_BODY));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (WasmModule module = runtime.compile(spec("test.threads@1.0.0", wasm))) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    try (WasmInstance instance = module.instantiate(List.of(greet("T" + thread)))) {
                        for (int i = 0; i < 500; i++) {
                            String got = call(instance, "greet", "call " + i);
                            if (got.equals("T" + thread + ", call " + i + "!")) ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : results) assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(500);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closingIsIdempotentAndClosedThingsRefuseWork() {
        WasmModule module = runtime.compile(spec("test.close@1.0.0", basic));
        WasmInstance instance = module.instantiate(List.of());
        module.close(); // instances outlive their module
        assertThat(call(instance, "echo", "after module close")).isEqualTo("after module close");
        instance.close();
        instance.close();
        module.close();
        assertThatThrownBy(() -> instance.call("echo", new byte[0])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> module.instantiate(List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("test.close@1.0.0");
        instance.cancel(); // harmless
    }

    @Test
    void compilingInstantiatingAndClosingManyModulesDoesNotLeak() {
        byte[] wasm = Wat.compile(dir, "leak", Wat.module(GREET_IMPORTS, GREET_BODY));
        long afterWarmup = 0;
        for (int i = 0; i < 200; i++) {
            try (WasmModule module = runtime.compile(spec("test.leak" + i + "@1.0.0", wasm));
                 WasmInstance instance = module.instantiate(List.of(greet("Hey")))) {
                assertThat(call(instance, "greet", "#" + i)).isEqualTo("Hey, #" + i + "!");
            }
            if (i == 19) afterWarmup = settledRssKiB();
        }
        long afterAll = settledRssKiB();
        Runtime rt = Runtime.getRuntime();
        System.out.printf("[extism-native] leak test: VmRSS after 20 modules %d KiB, after 200 modules %d KiB (growth %d KiB;"
                        + " Java heap committed %d KiB)%n",
                afterWarmup, afterAll, afterAll - afterWarmup, rt.totalMemory() / 1024);
        assertThat(afterAll - afterWarmup).isLessThan(64 * 1024);
    }

    /** RSS after a full GC, so that Java garbage does not count as native memory kept. */
    static long settledRssKiB() {
        System.gc();
        return rssKiB();
    }

    static long rssKiB() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void measurements() {
        long t0 = System.nanoTime();
        WasmModule module = runtime.compile(spec("test.measure@1.0.0", basic));
        long t1 = System.nanoTime();
        WasmInstance first = module.instantiate(List.of());
        long t2 = System.nanoTime();
        for (int i = 0; i < 50; i++) module.instantiate(List.of()).close();
        long t3 = System.nanoTime();
        WasmInstance warm = module.instantiate(List.of());
        long t4 = System.nanoTime();
        byte[] input = "measure me".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 2000; i++) warm.call("echo", input);
        long t5 = System.nanoTime();
        int calls = 20000;
        byte[] out = null;
        for (int i = 0; i < calls; i++) out = warm.call("echo", input);
        long t6 = System.nanoTime();
        assertThat(out).isEqualTo(input);
        System.out.printf("[extism-native] compile %.2f ms, first instantiate %.2f ms, warm instantiate %.2f ms "
                        + "(mean of 50: %.2f ms), warm echo call %.2f us%n",
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t4 - t3) / 1e6, (t3 - t2) / 50 / 1e6, (t6 - t5) / 1e3 / calls);
        first.close();
        warm.close();
        module.close();
    }
}
