package io.spirefy.pluginengine.runtime.chicory;

import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.api.spi.WasmRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.spirefy.pluginengine.runtime.chicory.TestModules.spec;
import static io.spirefy.pluginengine.runtime.chicory.TestModules.text;
import static io.spirefy.pluginengine.runtime.chicory.TestModules.transform;
import static io.spirefy.pluginengine.runtime.chicory.TestModules.upperCaseTransform;
import static io.spirefy.pluginengine.runtime.chicory.TestModules.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ChicoryRuntimeTest {

    private static final ChicoryRuntime RUNTIME = new ChicoryRuntime();
    private static WasmModule plugin;

    @BeforeAll
    static void compilePlugin() throws WasmException {
        plugin = RUNTIME.compile(spec("plugin"));
    }

    @AfterAll
    static void closePlugin() {
        plugin.close();
    }

    private static WasmInstance newInstance() throws WasmException {
        return plugin.instantiate(List.of(upperCaseTransform()));
    }

    private static WasmException callFails(WasmInstance instance, String function, String input) {
        return catchThrowableOfType(WasmException.class, () -> instance.call(function, utf8(input)));
    }

    @Test
    void isFoundByServiceLoaderAsAlwaysAvailableChicory() {
        // Tests run inside the runtime's module, which does not itself use the SPI.
        getClass().getModule().addUses(WasmRuntime.class);
        List<WasmRuntime> found = new ArrayList<>();
        ServiceLoader.load(WasmRuntime.class).forEach(found::add);
        assertThat(found).extracting(WasmRuntime::name).contains("chicory");
        WasmRuntime chicory = found.stream().filter(r -> r.name().equals("chicory")).findFirst().orElseThrow();
        assertThat(chicory.unavailableReason()).isEmpty();
        assertThat(chicory.priority()).isEqualTo(100);
    }

    @Test
    void echoesItsInput() throws WasmException {
        try (WasmInstance instance = newInstance()) {
            assertThat(((ChicoryInstance) instance).runsCompiled())
                    .as("plugin and kernel run the machines compiled once, not the interpreter").isTrue();
            assertThat(text(instance.call("echo", utf8("hello, plugin")))).isEqualTo("hello, plugin");
            assertThat(instance.call("echo", new byte[0])).isEmpty();
            byte[] big = new byte[100_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            assertThat(instance.call("echo", big)).isEqualTo(big);
        }
    }

    @Test
    void reportsExportedFunctions() throws WasmException {
        try (WasmInstance instance = newInstance()) {
            assertThat(instance.hasFunction("echo")).isTrue();
            assertThat(instance.hasFunction("memory")).as("a memory export is no function").isFalse();
            assertThat(instance.hasFunction("nope")).isFalse();
        }
    }

    @Test
    void nonZeroReturnIsAGuestErrorWithTheErrorSetText() throws WasmException {
        try (WasmInstance instance = newInstance()) {
            WasmException e = callFails(instance, "fail", "x");
            assertThat(e.kind()).isEqualTo(Kind.GUEST_ERROR);
            assertThat(e.getMessage()).isEqualTo("bad input: rejected");
            // The instance stays usable after a guest error.
            assertThat(text(instance.call("echo", utf8("still here")))).isEqualTo("still here");
        }
    }

    @Test
    void unreachableOutOfBoundsAndStackOverflowAreTraps() throws WasmException {
        try (WasmInstance instance = newInstance()) {
            WasmException unreachable = callFails(instance, "trap", "");
            assertThat(unreachable.kind()).isEqualTo(Kind.TRAP);
            assertThat(unreachable.getMessage()).containsIgnoringCase("unreachable");
        }
        try (WasmInstance instance = newInstance()) {
            WasmException oob = callFails(instance, "out_of_bounds", "");
            assertThat(oob.kind()).isEqualTo(Kind.TRAP);
            assertThat(oob.getMessage()).containsIgnoringCase("out of bounds");
        }
        try (WasmInstance instance = newInstance()) {
            WasmException overflow = callFails(instance, "recurse", "");
            assertThat(overflow.kind()).isEqualTo(Kind.TRAP);
            assertThat(overflow.getMessage()).isEqualTo("call stack exhausted");
        }
    }

    @Test
    void unknownExportIsNoSuchFunction() throws WasmException {
        try (WasmInstance instance = newInstance()) {
            WasmException missing = callFails(instance, "missing", "");
            assertThat(missing.kind()).isEqualTo(Kind.NO_SUCH_FUNCTION);
            // The caller names the plugin and the function (WasmException): the runtime says what is wrong.
            assertThat(missing.getMessage()).startsWith("the module exports no function of that name").contains("echo");

            WasmException wrongType = callFails(instance, "add", "");
            assertThat(wrongType.kind()).isEqualTo(Kind.NO_SUCH_FUNCTION);
            assertThat(wrongType.getMessage()).startsWith("its type is (").contains("returns i32");
        }
    }

    @Test
    void reactorInitializerRunsOncePerInstanceBeforeAnyExport() throws WasmException {
        try (WasmInstance first = newInstance(); WasmInstance second = newInstance()) {
            assertThat(text(first.call("inits", new byte[0]))).isEqualTo("1");
            assertThat(text(first.call("inits", new byte[0]))).isEqualTo("1");
            assertThat(text(second.call("inits", new byte[0]))).isEqualTo("1");
        }
    }

    @Test
    void failingInitializerIsALinkError() throws WasmException {
        try (WasmModule module = RUNTIME.compile(spec("init-traps"))) {
            WasmException e = catchThrowableOfType(WasmException.class, () -> module.instantiate(List.of()));
            assertThat(e.kind()).isEqualTo(Kind.LINK);
            assertThat(e.getMessage()).contains("test.init-traps@1.0.0");
        }
    }

    @Test
    void hostFunctionRoundTripReadsAndWritesExtismMemory() throws WasmException {
        try (WasmInstance instance = newInstance()) {
            assertThat(text(instance.call("transform", utf8("make me loud")))).isEqualTo("MAKE ME LOUD");
            assertThat(text(instance.call("transform", utf8("again")))).isEqualTo("AGAIN");
        }
        // Offset 0 reads as empty; a result of 0 means no output.
        AtomicReference<byte[]> seen = new AtomicReference<>();
        HostFunction recordAndAnswerNothing = transform((ctx, args) -> {
            seen.set(ctx.read(0));
            return new long[] {0};
        });
        try (WasmInstance instance = plugin.instantiate(List.of(recordAndAnswerNothing))) {
            assertThat(instance.call("transform", utf8("ignored"))).isEmpty();
            assertThat(seen.get()).isEmpty();
        }
    }

    @Test
    void throwingHostFunctionFailsTheCallWithItsMessage() throws WasmException {
        HostFunction throwing = transform((ctx, args) -> {
            throw new IllegalStateException("transform service is down");
        });
        try (WasmInstance instance = plugin.instantiate(List.of(throwing))) {
            WasmException e = callFails(instance, "transform", "x");
            assertThat(e.kind()).isEqualTo(Kind.TRAP);
            assertThat(e.getMessage()).contains("transform service is down", "extism:host/pluginengine::Transform");
            // The runtime is fine: the same module still instantiates and runs.
            try (WasmInstance other = newInstance()) {
                assertThat(text(other.call("transform", utf8("ok")))).isEqualTo("OK");
            }
        }
    }

    @Test
    void hostFunctionReturningTheWrongNumberOfValuesFailsTheCall() throws WasmException {
        HostFunction wrong = transform((ctx, args) -> new long[0]);
        try (WasmInstance instance = plugin.instantiate(List.of(wrong))) {
            WasmException e = callFails(instance, "transform", "x");
            assertThat(e.kind()).isEqualTo(Kind.TRAP);
            assertThat(e.getMessage()).contains("returned 0 values", "1 results");
        }
    }

    @Test
    void cancelFromAnotherThreadStopsAnEndlessLoopAndLeavesTheThreadClean() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (WasmInstance instance = newInstance()) {
            CountDownLatch started = new CountDownLatch(1);
            Future<Object[]> outcome = worker.submit(() -> {
                started.countDown();
                WasmException e = catchThrowableOfType(WasmException.class, () -> instance.call("spin", new byte[0]));
                return new Object[] {e, Thread.currentThread().isInterrupted()};
            });
            started.await();
            Thread.sleep(200);
            instance.cancel();
            Object[] result = outcome.get(10, TimeUnit.SECONDS);
            WasmException e = (WasmException) result[0];
            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
            assertThat(e.getMessage()).isEqualTo("cancelled");
            assertThat((Boolean) result[1]).as("worker thread still interrupted").isFalse();
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void cancelAfterTheCallEndedDoesNotTouchTheThreadsNextWork() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (WasmInstance instance = newInstance()) {
            assertThat(worker.submit(() -> text(instance.call("echo", utf8("done")))).get()).isEqualTo("done");
            instance.cancel(); // no call is running: nothing to do
            instance.cancel();
            // The worker's next, unrelated work must not see an interrupt.
            Future<Boolean> next = worker.submit(() -> {
                Thread.sleep(20);
                return Thread.currentThread().isInterrupted();
            });
            assertThat(next.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(text(instance.call("echo", utf8("after")))).isEqualTo("after");
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void memoryGrowthPastTheLimitIsRefusedAndReportedAsMemoryLimit() throws WasmException {
        try (WasmInstance instance = newInstance()) {
            WasmException trapped = callFails(instance, "grow_until_refused", "");
            assertThat(trapped.kind()).isEqualTo(Kind.MEMORY_LIMIT);
            assertThat(trapped.getMessage()).contains("memory limit of 4 pages");
        }
        try (WasmInstance instance = newInstance()) {
            WasmException reported = callFails(instance, "grow_then_error", "");
            assertThat(reported.kind()).isEqualTo(Kind.MEMORY_LIMIT);
            assertThat(reported.getMessage()).contains("out of memory", "4 pages");
        }
        try (WasmInstance instance = newInstance()) {
            // One grow far past the limit: memory.grow answers -1 (wasm semantics), the guest carries on.
            assertThat(text(instance.call("grow_1000", new byte[0]))).isEqualTo("-1");
        }
    }

    @Test
    void moduleNeedingMoreInitialMemoryThanTheLimitIsALinkError() throws WasmException {
        // plugin.wat declares 1 page: a limit of 1 fits exactly, and leaves no page for Extism blocks
        // (the kernel's memory shares the budget), so even the input has no room.
        try (WasmModule exact = RUNTIME.compile(new ModuleSpec("test.exact@1.0.0", TestModules.wasm("plugin"), 1));
             WasmInstance instance = exact.instantiate(List.of(upperCaseTransform()))) {
            WasmException noRoom = callFails(instance, "echo", "x");
            assertThat(noRoom.kind()).isEqualTo(Kind.MEMORY_LIMIT);
            assertThat(noRoom.getMessage()).contains("memory limit of 1 pages");
        }
        // A limit of 2: one page for the module, one for Extism blocks, none to grow into.
        try (WasmModule tight = RUNTIME.compile(new ModuleSpec("test.tight@1.0.0", TestModules.wasm("plugin"), 2));
             WasmInstance instance = tight.instantiate(List.of(upperCaseTransform()))) {
            assertThat(text(instance.call("grow_1000", new byte[0]))).isEqualTo("-1");
            assertThat(callFails(instance, "grow_until_refused", "").kind()).isEqualTo(Kind.MEMORY_LIMIT);
        }
        assertThatThrownBy(() -> RUNTIME.compile(new ModuleSpec("test.big@1.0.0", bigMemoryModule(), 4)))
                .isInstanceOfSatisfying(WasmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.LINK);
                    assertThat(e.getMessage()).contains("test.big@1.0.0", "8 initial", "4 pages");
                });
    }

    /** A minimal module with (memory 8): magic, version, memory section [1 memory, no max, 8 pages]. */
    private static byte[] bigMemoryModule() {
        return new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x08};
    }

    @Test
    void invalidBytesAreALinkErrorNamingTheModule() {
        for (byte[] bytes : List.of(new byte[] {1, 2, 3, 4}, new byte[0],
                new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x7f})) {
            assertThatThrownBy(() -> RUNTIME.compile(new ModuleSpec("test.broken@1.0.0", bytes, 4)))
                    .isInstanceOfSatisfying(WasmException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.LINK);
                        assertThat(e.getMessage()).contains("test.broken@1.0.0");
                    });
        }
    }

    @Test
    void unsatisfiedImportIsALinkErrorNamingTheImport() throws WasmException {
        try (WasmModule module = RUNTIME.compile(spec("unsatisfied"))) {
            WasmException e = catchThrowableOfType(WasmException.class, () -> module.instantiate(List.of()));
            assertThat(e.kind()).isEqualTo(Kind.LINK);
            assertThat(e.getMessage()).contains("test.unsatisfied@1.0.0", "extism:host/pluginengine.NoSuchHostFunction");
        }
        // The plugin without its Transform host function is unsatisfied too.
        WasmException e = catchThrowableOfType(WasmException.class, () -> plugin.instantiate(List.of()));
        assertThat(e.kind()).isEqualTo(Kind.LINK);
        assertThat(e.getMessage()).contains("Transform");
    }

    @Test
    void wasiImportingModuleInstantiatesAndCallsWasi() throws WasmException {
        try (WasmModule module = RUNTIME.compile(spec("wasi")); WasmInstance instance = module.instantiate(List.of())) {
            assertThat(instance.call("random", new byte[0])).isEmpty();
        }
    }

    @Test
    void aWasiExitIsReportedAsAnExitWithItsCode() throws WasmException {
        // The same words as the native runtime: one failure reads the same on both.
        try (WasmModule module = RUNTIME.compile(spec("exit")); WasmInstance instance = module.instantiate(List.of())) {
            WasmException e = catchThrowableOfType(WasmException.class, () -> instance.call("quit", new byte[0]));
            assertThat(e.kind()).isEqualTo(WasmException.Kind.TRAP);
            assertThat(e.getMessage()).isEqualTo("exit code 3");
        }
    }

    @Test
    void instancesOfOneModuleOnFourThreadsKeepTheirOwnOutput() throws Exception {
        int threads = 4;
        int calls = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> mismatches = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int id = t;
                mismatches.add(pool.submit(() -> {
                    go.await();
                    int wrong = 0;
                    // Instantiated concurrently too: modules are shared, instances are not.
                    try (WasmInstance instance = newInstance()) {
                        for (int i = 0; i < calls; i++) {
                            String payload = "thread-" + id + "-call-" + i + "-" + "x".repeat(id * 37 + i % 11);
                            String out = text(instance.call(i % 2 == 0 ? "echo" : "transform", utf8(payload)));
                            String expected = i % 2 == 0 ? payload : payload.toUpperCase(java.util.Locale.ROOT);
                            if (!out.equals(expected)) {
                                wrong++;
                            }
                        }
                    }
                    return wrong;
                }));
            }
            go.countDown();
            for (Future<Integer> f : mismatches) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void inputArrayIsNotModified() throws WasmException {
        byte[] wasm = TestModules.wasm("plugin");
        byte[] copy = wasm.clone();
        try (WasmModule module = RUNTIME.compile(new ModuleSpec("test.copy@1.0.0", wasm, 4))) {
            assertThat(module).isNotNull();
        }
        assertThat(wasm).isEqualTo(copy);
    }
}
