package io.spirefy.pluginengine.runtime.chicory;

import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.spirefy.pluginengine.runtime.chicory.TestModules.spec;
import static io.spirefy.pluginengine.runtime.chicory.TestModules.upperCaseTransform;
import static io.spirefy.pluginengine.runtime.chicory.TestModules.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints compile, instantiate and call times for the report (no timed assertions: the machine varies).
 * It asserts that the measured work did what it should.
 */
class TimingsTest {

    @Test
    void measuresCompileInstantiateAndCall() throws WasmException {
        ChicoryRuntime runtime = new ChicoryRuntime(); // fresh: its kernel is compiled in this test
        byte[] payload = utf8("{\"greeting\":\"hello\",\"name\":\"world\"}");

        long t0 = System.nanoTime();
        WasmModule module = runtime.compile(spec("plugin"));
        long compiled = System.nanoTime();
        WasmInstance first = module.instantiate(List.of(upperCaseTransform()));
        long firstInstantiated = System.nanoTime();
        assertThat(first.call("echo", payload)).isEqualTo(payload);
        first.close();

        int instances = 100;
        long warmStart = System.nanoTime();
        for (int i = 0; i < instances; i++) {
            try (WasmInstance instance = module.instantiate(List.of(upperCaseTransform()))) {
                assertThat(instance.hasFunction("echo")).isTrue();
            }
        }
        long warmInstantiate = (System.nanoTime() - warmStart) / instances;

        try (WasmInstance instance = module.instantiate(List.of(upperCaseTransform()))) {
            for (int i = 0; i < 5_000; i++) { // warm up the JIT
                instance.call("echo", payload);
            }
            int calls = 10_000;
            long callStart = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                instance.call("echo", payload);
            }
            long echo = (System.nanoTime() - callStart) / calls;
            callStart = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                instance.call("transform", payload);
            }
            long transform = (System.nanoTime() - callStart) / calls;
            assertThat(instance.call("echo", payload)).isEqualTo(payload);

            System.out.printf("TIMING compile (kernel + plugin, fresh runtime): %.1f ms%n", (compiled - t0) / 1e6);
            System.out.printf("TIMING first instantiate: %.2f ms%n", (firstInstantiated - compiled) / 1e6);
            System.out.printf("TIMING warm instantiate (mean of %d): %.3f ms%n", instances, warmInstantiate / 1e6);
            System.out.printf("TIMING warm echo call, %d-byte payload: %.2f us%n", payload.length, echo / 1e3);
            System.out.printf("TIMING warm call with one host call (transform): %.2f us%n", transform / 1e3);
        }
        module.close();
    }
}
