package io.spirefy.pluginengine.runtime.chicory;

import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * Contract section 7: a module whose compile would not end in time runs interpreted. The module is
 * the one from issue 12: one function holding a {@code br_table} of a million targets (1 MB of wasm).
 */
class CompileBoundTest {

    private static final int TARGETS = 1_000_000;
    /** The engine's default budget: the test's input (a million bytes) must fit in the kernel. */
    private static final int PAGES = 1024;
    /** Far beyond the figure measured (see the report); what the test fails at instead of hanging. */
    private static final long BOUND_SECONDS = 20;

    /** Compiles on another thread so that a compile that does not end fails the test instead of hanging it. */
    private static WasmModule compileWithin(ChicoryRuntime runtime, ModuleSpec spec, long seconds) throws Exception {
        ExecutorService compiler = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "test-compile");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<WasmModule> module = compiler.submit(() -> runtime.compile(spec));
            try {
                return module.get(seconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                return fail("compile of " + spec.name() + " did not end within " + seconds + " s");
            }
        } finally {
            compiler.shutdownNow();
        }
    }

    private static void assertRunsThroughTheWholeTable(WasmModule module) throws WasmException {
        long instantiateStart = System.nanoTime();
        try (WasmInstance instance = module.instantiate(List.of())) {
            System.out.printf("TIMING br_table module: instantiate %.1f ms%n", (System.nanoTime() - instantiateStart) / 1e6);
            long start = System.nanoTime();
            assertThat(instance.call("run", new byte[BrTableModule.okIndex(TARGETS)])).isEmpty();
            System.out.printf("TIMING br_table module: first call (interpreted) %.1f ms%n", (System.nanoTime() - start) / 1e6);
            WasmException other = catchThrowableOfType(WasmException.class, () -> instance.call("run", new byte[2]));
            assertThat(other.kind()).isEqualTo(Kind.GUEST_ERROR);
            assertThat(other.getMessage()).isEqualTo("returned non-zero without an error message");
        }
    }

    @Test
    void aFunctionAboveTheBranchTableBoundRunsInterpretedAndCompileReturnsInBoundedTime() throws Exception {
        byte[] wasm = BrTableModule.wasm(TARGETS);
        assertThat(wasm.length).isGreaterThan(TARGETS);
        ChicoryRuntime runtime = new ChicoryRuntime();
        ModuleSpec spec = new ModuleSpec("test.br-table@1.0.0", wasm, PAGES);
        long start = System.nanoTime();
        try (WasmModule module = compileWithin(runtime, spec, BOUND_SECONDS)) {
            System.out.printf("TIMING br_table module (%d targets, %d bytes): compile %.1f ms%n",
                    TARGETS, wasm.length, (System.nanoTime() - start) / 1e6);
            long parseStart = System.nanoTime();
            com.dylibso.chicory.wasm.Parser.parse(wasm);
            System.out.printf("TIMING br_table module: of which Chicory's parse and validation alone, again: %.1f ms%n",
                    (System.nanoTime() - parseStart) / 1e6);
            assertThat(((ChicoryWasmModule) module).interpretedFunctions())
                    .as("the function with the big table (index 1, after the import) runs interpreted").containsExactly(1);
            assertRunsThroughTheWholeTable(module);
        }
    }

    @Test
    void aCompileThatOverrunsItsTimeoutRunsTheModuleInterpreted() throws Exception {
        // Without the size bounds only the timeout stands between the compiler and this module. A table of
        // 50k targets takes the compiler over a second here; the abandoned compile then ends by itself.
        int targets = 50_000;
        ChicoryRuntime runtime = new ChicoryRuntime(CompileBounds.NONE);
        runtime.compile(TestModules.spec("plugin")).close(); // the kernel's own first compile is not this test's
        Duration timeout = Duration.ofMillis(300);
        ModuleSpec spec = new ModuleSpec("test.br-table-unbounded@1.0.0", BrTableModule.wasm(targets), PAGES, timeout);
        int abandonedBefore = BoundedCompiler.abandoned();
        long start = System.nanoTime();
        try (WasmModule module = compileWithin(runtime, spec, BOUND_SECONDS)) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("TIMING br_table module of %d targets, no size bound, compile timeout %d ms: compile"
                    + " returned after %d ms%n", targets, timeout.toMillis(), ms);
            assertThat(ms).isLessThan(timeout.toMillis() + 2_000);
            assertThat(((ChicoryWasmModule) module).runsInterpreted()).isTrue();
            try (WasmInstance instance = module.instantiate(List.of())) {
                assertThat(instance.call("run", new byte[BrTableModule.okIndex(targets)])).isEmpty();
                WasmException other = catchThrowableOfType(WasmException.class, () -> instance.call("run", new byte[2]));
                assertThat(other.getMessage()).isEqualTo("returned non-zero without an error message");
            }
            // The abandoned compile runs on in the background, then ends by itself.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
            while (BoundedCompiler.abandoned() > abandonedBefore && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(BoundedCompiler.abandoned()).isEqualTo(abandonedBefore);
            System.out.printf("TIMING the abandoned compile ended %d ms after compile started%n",
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Test
    void ordinaryModulesStayCompiled() throws Exception {
        try (WasmModule module = new ChicoryRuntime().compile(TestModules.spec("plugin"))) {
            assertThat(((ChicoryWasmModule) module).interpretedFunctions()).isEmpty();
            assertThat(((ChicoryWasmModule) module).runsInterpreted()).isFalse();
        }
    }
}
