package io.spirefy.pluginengine.runtime.chicory;

import io.spirefy.pluginengine.api.spi.Cancellation;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.spirefy.pluginengine.runtime.chicory.TestModules.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A module's start section and a reactor's {@code _initialize} run under the engine's clock. */
class InstantiationClockTest {

    private static final ChicoryRuntime RUNTIME = new ChicoryRuntime();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"start-loops", "init-loops"})
    void cancellingAnEndlessInstantiationEndsItAsCancelledAndLeavesTheThreadClean(String name) throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (WasmModule module = RUNTIME.compile(spec(name))) {
            Cancellation cancellation = Cancellation.create();
            Future<Object[]> outcome = worker.submit(() -> {
                Throwable failure = catchThrowable(() -> module.instantiate(List.of(), cancellation));
                return new Object[] {failure, Thread.currentThread().isInterrupted()};
            });
            Thread.sleep(200);
            long cancelledAt = System.nanoTime();
            cancellation.cancel();
            Object[] result = outcome.get(10, TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - cancelledAt) / 1_000_000;
            Throwable failure = (Throwable) result[0];
            assertThat(failure).isInstanceOf(WasmException.class);
            assertThat(((WasmException) failure).kind()).isEqualTo(Kind.CANCELLED);
            assertThat(failure.getMessage()).contains("test." + name + "@1.0.0", "cancelled");
            assertThat((Boolean) result[1]).as("worker thread still interrupted").isFalse();
            assertThat(tookMs).as("ms from cancel to the end of instantiate").isLessThan(2000);
            System.out.printf("TIMING %s: instantiate ended %d ms after cancel%n", name, tookMs);
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void aCancellationThatNeverFiresLeavesNoInterruptAndNoRegistrationBehind() throws Exception {
        Cancellation cancellation = Cancellation.create();
        try (WasmModule module = RUNTIME.compile(spec("plugin"));
             WasmInstance instance = module.instantiate(List.of(TestModules.upperCaseTransform()), cancellation)) {
            assertThat(instance.call("echo", TestModules.utf8("x"))).isEqualTo(TestModules.utf8("x"));
        }
        // Cancelling afterwards must not reach this thread: the action was unregistered.
        cancellation.cancel();
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void anAlreadyCancelledInstantiationOfAnEndlessInitializerIsCancelled() throws Exception {
        Cancellation cancellation = Cancellation.create();
        cancellation.cancel();
        try (WasmModule module = RUNTIME.compile(spec("init-loops"))) {
            Throwable failure = catchThrowable(() -> module.instantiate(List.of(), cancellation));
            assertThat(failure).isInstanceOf(WasmException.class);
            assertThat(((WasmException) failure).kind()).isEqualTo(Kind.CANCELLED);
        }
        assertThat(Thread.interrupted()).as("the interrupt the runtime caused is cleared").isFalse();
    }
}
