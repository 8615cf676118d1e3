package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.Cancellation;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which exports a caller may call, and how a WASI exit ends a call (issue 15, gap 5). The messages
 * are chicory's (ChicoryInstance#notCallable) so that a command fails alike on both runtimes.
 */
class ExtismExportsTest {

    static final String NAME = "test.exports@1.0.0";

    @TempDir
    static Path dir;

    ExtismNativeRuntime runtime;

    @BeforeEach
    void needsLibExtism() {
        runtime = NativeSupport.runtime();
    }

    /** Counts its initializer's and start function's runs in a global, which {@code runs} outputs as a digit. */
    static final String BODY = """
            (global $runs (mut i32) (i32.const 0))
            (func $bump (global.set $runs (i32.add (global.get $runs) (i32.const 1))))
            (func (export "_initialize") (call $bump))
            (func (export "_start") (call $bump))
            (func (export "host_reflect") (param i64) (result i64) (local.get 0))
            (func (export "runs") (result i32) (local $p i64)
              (local.set $p (call $alloc (i64.const 1)))
              (call $store_u8 (local.get $p) (i32.add (i32.const 48) (global.get $runs)))
              (call $output_set (local.get $p) (i64.const 1))
              (i32.const 0))
            (func (export "quit") (result i32) (call $proc_exit (i32.const 3)) (i32.const 0))
            (func (export "done") (result i32) (local $p i64)
              (local.set $p (call $alloc (i64.const 2)))
              (call $store_u8 (local.get $p) (i32.const 111))
              (call $store_u8 (i64.add (local.get $p) (i64.const 1)) (i32.const 107))
              (call $output_set (local.get $p) (i64.const 2))
              (call $proc_exit (i32.const 0))
              (i32.const 1))
            """;
    static final String IMPORTS = """
            (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
            """;

    private WasmModule compile() {
        return runtime.compile(new ModuleSpec(NAME, Wat.compile(dir, "exports", Wat.module(IMPORTS, BODY)), 256));
    }

    private static String refusal(String export, String type) {
        return "its type is " + type + ", but a plugin function takes nothing and returns i32";
    }

    @Test
    void anExportOfAnotherTypeIsRefusedNamingItsType() {
        try (WasmModule module = compile(); WasmInstance instance = module.instantiate(List.of(), Cancellation.create())) {
            assertThat(instance.hasFunction("host_reflect")).isTrue();
            assertThatThrownBy(() -> instance.call("host_reflect", new byte[0]))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_FUNCTION))
                    .hasMessage(refusal("host_reflect", "(I64) -> (I64)"));
            assertThat(new String(instance.call("runs", new byte[0]), UTF_8)).isEqualTo("1");
        }
    }

    @Test
    void initializeAndStartAreRefusedAndNotRunAgain() {
        try (WasmModule module = compile(); WasmInstance instance = module.instantiate(List.of(), Cancellation.create())) {
            for (String export : List.of("_initialize", "_start")) {
                assertThat(instance.hasFunction(export)).isTrue();
                assertThatThrownBy(() -> instance.call(export, new byte[0]))
                        .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_FUNCTION))
                        .hasMessage(refusal(export, "() -> nil"));
            }
            // _initialize ran once, at instantiation; _start is a command's entry point, never run by us.
            assertThat(new String(instance.call("runs", new byte[0]), UTF_8)).isEqualTo("1");
        }
    }

    @Test
    void anUnknownExportIsRefusedListingTheFunctionExports() {
        try (WasmModule module = compile(); WasmInstance instance = module.instantiate(List.of(), Cancellation.create())) {
            assertThat(instance.hasFunction("nope")).isFalse();
            assertThat(instance.hasFunction("pluginengine:init:_initialize")).isFalse();
            for (String export : List.of("nope", "pluginengine:init:_initialize")) {
                assertThatThrownBy(() -> instance.call(export, new byte[0]))
                        .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_FUNCTION))
                        .hasMessage("the module exports no function of that name"
                                + " (its function exports: _initialize, _start, done, host_reflect, quit, runs)");
            }
        }
    }

    @Test
    void aWasiExitWithCodeZeroEndsTheCallWithTheOutputSetSoFar() {
        try (WasmModule module = compile(); WasmInstance instance = module.instantiate(List.of(), Cancellation.create())) {
            assertThat(new String(instance.call("done", new byte[0]), UTF_8)).isEqualTo("ok");
            assertThat(new String(instance.call("runs", new byte[0]), UTF_8)).isEqualTo("1");
        }
    }

    @Test
    void aWasiExitIsReportedWithItsCode() {
        try (WasmModule module = compile(); WasmInstance instance = module.instantiate(List.of(), Cancellation.create())) {
            assertThatThrownBy(() -> instance.call("quit", new byte[0]))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRAP))
                    .hasMessage("exit code 3");
        }
    }

    @Test
    void anInitializerThatExitsFailsInstantiationWithItsCodeUnlessTheCodeIsZero() {
        for (int code : new int[] {0, 3}) {
            String wat = Wat.module(IMPORTS, """
                    (func (export "_initialize") (call $proc_exit (i32.const CODE)))
                    (func (export "ok") (result i32) (i32.const 0))
                    """.replace("CODE", Integer.toString(code)));
            try (WasmModule module = runtime.compile(new ModuleSpec(NAME, Wat.compile(dir, "exit" + code, wat), 256))) {
                if (code == 0) {
                    try (WasmInstance instance = module.instantiate(List.of(), Cancellation.create())) {
                        assertThat(instance.call("ok", new byte[0])).isEmpty();
                    }
                } else {
                    assertThatThrownBy(() -> module.instantiate(List.of(), Cancellation.create()))
                            .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.LINK))
                            .hasMessage("initialization of module " + NAME + " failed: its initializer _initialize"
                                    + " ended with exit code 3");
                }
            }
        }
    }
}
