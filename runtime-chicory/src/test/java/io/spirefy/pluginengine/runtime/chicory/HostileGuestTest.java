package io.spirefy.pluginengine.runtime.chicory;

import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.spirefy.pluginengine.runtime.chicory.TestModules.spec;
import static io.spirefy.pluginengine.runtime.chicory.TestModules.text;
import static io.spirefy.pluginengine.runtime.chicory.TestModules.transform;
import static io.spirefy.pluginengine.runtime.chicory.TestModules.upperCaseTransform;
import static io.spirefy.pluginengine.runtime.chicory.TestModules.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 12 on this runtime: a plugin cannot take the JVM heap through the Extism kernel, and no
 * {@link Throwable} raised while guest code runs reaches the caller as itself. The module's tests run
 * in a JVM capped at 1 GiB (see the pom), so an unbounded kernel shows as an {@link OutOfMemoryError}.
 */
class HostileGuestTest {

    private static final ChicoryRuntime RUNTIME = new ChicoryRuntime();
    /** The engine's default budget, 64 MiB. */
    private static final int DEFAULT_PAGES = 1024;
    /** How far the heap may stay above where it was after an attack (GC noise, compiled classes). */
    private static final long HEAP_SLACK = 48L << 20;

    private static WasmModule hostile(int pages) throws WasmException {
        return RUNTIME.compile(new ModuleSpec("test.hostile@1.0.0", TestModules.wasm("hostile"), pages));
    }

    /** A failure of the call, whatever was thrown: an Error escaping would fail the test here. */
    private static Throwable attack(int pages, String function, byte[] input) throws WasmException {
        try (WasmModule module = hostile(pages); WasmInstance instance = module.instantiate(List.of())) {
            return catchThrowable(() -> instance.call(function, input));
        }
    }

    private static void assertMemoryLimit(Throwable failure) {
        assertThat(failure).isInstanceOf(WasmException.class);
        assertThat(((WasmException) failure).kind()).isEqualTo(Kind.MEMORY_LIMIT);
        assertThat(failure.getMessage()).contains("memory limit");
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime heap = Runtime.getRuntime();
        return heap.totalMemory() - heap.freeMemory();
    }

    @ParameterizedTest(name = "budget of {0} pages")
    @ValueSource(ints = {TestModules.MAX_PAGES, DEFAULT_PAGES})
    void kernelAllocLoopOf64MiBBlocksFailsAtTheMemoryLimitAndLeavesTheHeap(int pages) throws WasmException {
        long before = usedHeapAfterGc();
        assertMemoryLimit(attack(pages, "alloc_64m_loop", new byte[0]));
        assertThat(usedHeapAfterGc() - before).isLessThan(HEAP_SLACK);
    }

    @Test
    void kernelBlocksThatEachFitButTogetherDoNotFailAtTheMemoryLimit() throws WasmException {
        long before = usedHeapAfterGc();
        Throwable failure = attack(DEFAULT_PAGES, "alloc_1m_loop", new byte[0]);
        assertMemoryLimit(failure);
        assertThat(failure.getMessage()).contains(DEFAULT_PAGES + " pages");
        assertThat(usedHeapAfterGc() - before).isLessThan(HEAP_SLACK);
    }

    @ParameterizedTest(name = "budget of {0} pages")
    @ValueSource(ints = {TestModules.MAX_PAGES, DEFAULT_PAGES})
    void outputOfOneGibFailsAtTheMemoryLimit(int pages) throws WasmException {
        long before = usedHeapAfterGc();
        assertMemoryLimit(attack(pages, "output_1g", new byte[0]));
        // Claimed on a small block: the kernel would ignore it, but no output may exceed the budget.
        assertMemoryLimit(attack(pages, "output_claim_1g", new byte[0]));
        assertThat(usedHeapAfterGc() - before).isLessThan(HEAP_SLACK);
    }

    @Test
    void kernelBlockBeyondTheBudgetFailsAtTheMemoryLimit() throws WasmException {
        // 4 pages (256 KiB) shared by the module's 1 page and the kernel: a 1 MiB block cannot fit.
        assertMemoryLimit(attack(TestModules.MAX_PAGES, "alloc_store_1m", new byte[0]));
        // Within a budget that holds it, the same block is fine.
        try (WasmModule module = hostile(64); WasmInstance instance = module.instantiate(List.of())) {
            assertThat(instance.call("alloc_store_1m", new byte[0])).isEmpty();
        }
    }

    @Test
    void inputBeyondTheBudgetFailsAtTheMemoryLimitAndTheInstanceStaysUsable() throws WasmException {
        try (WasmModule module = hostile(TestModules.MAX_PAGES); WasmInstance instance = module.instantiate(List.of())) {
            Throwable failure = catchThrowable(() -> instance.call("take_input", new byte[(TestModules.MAX_PAGES << 16) + 1]));
            assertMemoryLimit(failure);
            // Refused before the kernel grew: nothing is held beyond the budget, the instance still works.
            assertThat(instance.call("take_input", new byte[1000])).isEmpty();
        }
    }

    @Test
    void kernelAllocLoopInTheInitializerFailsThatInstantiationAtTheMemoryLimit() throws WasmException {
        long before = usedHeapAfterGc();
        try (WasmModule module = RUNTIME.compile(new ModuleSpec("test.init-allocs@1.0.0",
                TestModules.wasm("init-allocs"), DEFAULT_PAGES))) {
            Throwable failure = catchThrowable(() -> module.instantiate(List.of()));
            assertMemoryLimit(failure);
        }
        assertThat(usedHeapAfterGc() - before).isLessThan(HEAP_SLACK);
    }

    @Test
    void anInstanceWhoseCallRanTheJvmOutOfMemoryIsDiscarded() throws WasmException {
        // A real OutOfMemoryError cannot be provoked here safely: it strikes whichever thread allocates
        // next, the test runner's included (tried: the forked JVM died). A host function throws one.
        HostFunction throwing = transform((ctx, args) -> {
            throw new OutOfMemoryError("Java heap space");
        });
        try (WasmModule module = RUNTIME.compile(spec("plugin"));
             WasmInstance instance = module.instantiate(List.of(throwing))) {
            assertMemoryLimit(catchThrowable(() -> instance.call("transform", utf8("x"))));
            Throwable later = catchThrowable(() -> instance.call("echo", utf8("x")));
            assertThat(later).isInstanceOf(WasmException.class);
            assertThat(((WasmException) later).kind()).isEqualTo(Kind.TRAP);
            assertThat(later.getMessage()).contains("discarded", Failures.JVM_OUT_OF_MEMORY);
        }
    }

    @Test
    void nonZeroReturnWithoutErrorSetSaysSo() throws WasmException {
        try (WasmModule module = hostile(TestModules.MAX_PAGES); WasmInstance instance = module.instantiate(List.of())) {
            WasmException silent = (WasmException) catchThrowable(() -> instance.call("fail_silently", new byte[0]));
            assertThat(silent.kind()).isEqualTo(Kind.GUEST_ERROR);
            assertThat(silent.getMessage()).isEqualTo("returned non-zero without an error message");
            WasmException badOffset = (WasmException) catchThrowable(() -> instance.call("fail_bad_offset", new byte[0]));
            assertThat(badOffset.kind()).isEqualTo(Kind.GUEST_ERROR);
            assertThat(badOffset.getMessage()).isEqualTo("returned non-zero without an error message");
        }
    }

    private static Throwable callThrowing(Throwable thrown) throws WasmException {
        HostFunction throwing = transform((ctx, args) -> {
            throwUnchecked(thrown);
            return new long[] {0};
        });
        try (WasmModule module = RUNTIME.compile(spec("plugin"));
             WasmInstance instance = module.instantiate(List.of(throwing))) {
            return catchThrowable(() -> instance.call("transform", utf8("x")));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void outOfMemoryErrorInAHostFunctionIsAMemoryLimitFailureOfThatCall() throws WasmException {
        Throwable failure = callThrowing(new OutOfMemoryError("Java heap space"));
        assertMemoryLimit(failure);
        assertThat(failure.getMessage()).contains("the JVM ran out of memory while the plugin ran");
    }

    @Test
    void stackOverflowErrorInAHostFunctionIsATrapSayingTheStackIsExhausted() throws WasmException {
        Throwable failure = callThrowing(new StackOverflowError());
        assertThat(failure).isInstanceOf(WasmException.class);
        assertThat(((WasmException) failure).kind()).isEqualTo(Kind.TRAP);
        assertThat(failure.getMessage()).contains("call stack exhausted");
    }

    @Test
    void anyOtherErrorInAHostFunctionIsATrapWithItsReason() throws WasmException {
        Throwable linkage = callThrowing(new NoClassDefFoundError("com/example/Missing"));
        assertThat(linkage).isInstanceOf(WasmException.class);
        assertThat(((WasmException) linkage).kind()).isEqualTo(Kind.TRAP);
        assertThat(linkage.getMessage()).contains("NoClassDefFoundError", "com/example/Missing", "Transform");

        Throwable assertion = callThrowing(new AssertionError("invariant broken"));
        assertThat(assertion).isInstanceOf(WasmException.class);
        assertThat(((WasmException) assertion).kind()).isEqualTo(Kind.TRAP);
        assertThat(assertion.getMessage()).contains("invariant broken");
    }

    private static Throwable instantiateThrowing(Throwable thrown) throws WasmException {
        HostFunction throwing = transform((ctx, args) -> {
            throwUnchecked(thrown);
            return new long[] {0};
        });
        try (WasmModule module = RUNTIME.compile(spec("init-calls-host"))) {
            return catchThrowable(() -> module.instantiate(List.of(throwing)));
        }
    }

    @Test
    void errorsWhileInstantiatingAreWasmExceptionsOfThatInstantiation() throws WasmException {
        Throwable oom = instantiateThrowing(new OutOfMemoryError("Java heap space"));
        assertMemoryLimit(oom);

        Throwable soe = instantiateThrowing(new StackOverflowError());
        assertThat(soe).isInstanceOf(WasmException.class);
        assertThat(soe.getMessage()).contains("call stack exhausted", "test.init-calls-host@1.0.0");

        Throwable linkage = instantiateThrowing(new LinkageError("broken class"));
        assertThat(linkage).isInstanceOf(WasmException.class);
        assertThat(((WasmException) linkage).kind()).isEqualTo(Kind.LINK);
        assertThat(linkage.getMessage()).contains("broken class");
    }

    @Test
    void startSectionRecursingUntilTheStackIsGoneSaysCallStackExhausted() throws WasmException {
        try (WasmModule module = RUNTIME.compile(spec("start-recurses"))) {
            Throwable failure = catchThrowable(() -> module.instantiate(List.of()));
            assertThat(failure).isInstanceOf(WasmException.class);
            assertThat(failure.getMessage()).contains("call stack exhausted", "test.start-recurses@1.0.0");
        }
    }

    @Test
    void theRuntimeServesAnInnocentPluginAfterEveryAttack() throws WasmException {
        for (String function : List.of("alloc_64m_loop", "alloc_1m_loop", "output_1g")) {
            assertThat(attack(DEFAULT_PAGES, function, new byte[0])).isInstanceOf(WasmException.class);
        }
        try (WasmModule module = RUNTIME.compile(spec("plugin"));
             WasmInstance instance = module.instantiate(List.of(upperCaseTransform()))) {
            assertThat(text(instance.call("transform", utf8("still fine")))).isEqualTo("STILL FINE");
        }
    }

    /**
     * Block headers the guest rewrote (DamagedBlocksTest on extism, where such a block once ended the
     * JVM): here Chicory bounds every access to the kernel's memory, so the host call that meets
     * one fails, and only that call; what comes back is never more than the memory held.
     */
    @Test
    void blocksWhoseHeadersTheGuestRewroteFailOnlyTheirCall() throws WasmException {
        try (WasmModule module = RUNTIME.compile(new ModuleSpec("test.damaged@1.0.0", TestModules.wasm("damaged-blocks"), 64));
             WasmInstance instance = module.instantiate(List.of(upperCaseTransform()))) {
            assertThat(text(instance.call("ok", new byte[0]))).isEqualTo("OK");
            for (String attack : List.of("damaged_used_length", "damaged_free_block")) {
                Throwable failure = catchThrowable(() -> instance.call(attack, new byte[0]));
                if (failure == null) {
                    // the kernel may refuse the forged block itself: then the call got a real block
                    assertThat(instance.call(attack, new byte[0]).length).as(attack).isLessThanOrEqualTo(1 << 20);
                } else {
                    assertThat(failure).as(attack).isInstanceOf(WasmException.class);
                }
                assertThat(text(instance.call("ok", new byte[0]))).as("after " + attack).isEqualTo("OK");
            }
        }
    }
}
