package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.spirefy.pluginengine.runtime.extism.ExtismNativeRuntimeTest.GREET_BODY;
import static io.spirefy.pluginengine.runtime.extism.ExtismNativeRuntimeTest.GREET_IMPORTS;
import static io.spirefy.pluginengine.runtime.extism.ExtismNativeRuntimeTest.call;
import static io.spirefy.pluginengine.runtime.extism.ExtismNativeRuntimeTest.greet;
import static io.spirefy.pluginengine.runtime.extism.ExtismNativeRuntimeTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module's host-function entry points live as long as the module's instances, whatever becomes
 * of other modules with the same imports. JNA shares one native trampoline between callbacks that
 * are {@code equals}; with callbacks equal by value, a second module's host function died with
 * the first module (JNA printed "callback object has been garbage collected" and the guest got
 * zeros).
 */
class TrampolineLifetimeTest {

    @TempDir
    static Path dir;

    @Test
    void aModulesHostFunctionsOutliveAnotherModuleWithTheSameImports() throws Exception {
        ExtismNativeRuntime runtime = NativeSupport.runtime();
        byte[] wasm = Wat.compile(dir, "greet", Wat.module(GREET_IMPORTS, GREET_BODY));
        try (WasmModule second = forgetFirstThenCompile(runtime, wasm);
             WasmInstance hello = second.instantiate(List.of(greet("Hello")))) {
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(50);
                assertThat(call(hello, "greet", "Ada")).isEqualTo("Hello, Ada!");
            }
        }
    }

    /** Compiles, uses and closes a first module, dropping every reference to it, then compiles the second. */
    private static WasmModule forgetFirstThenCompile(ExtismNativeRuntime runtime, byte[] wasm) {
        try (WasmModule first = runtime.compile(spec("test.first@1.0.0", wasm));
             WasmInstance hi = first.instantiate(List.of(greet("Hi")))) {
            assertThat(call(hi, "greet", "Bob")).isEqualTo("Hi, Bob!");
            // the second module's entry points are made while the first's still exist
            return runtime.compile(spec("test.second@1.0.0", wasm));
        }
    }
}
