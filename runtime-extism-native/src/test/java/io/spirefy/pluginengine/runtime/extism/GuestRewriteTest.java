package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.runtime.extism.internal.GuestRewrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuestRewriteTest {

    @TempDir
    static Path dir;

    static byte[] resource(String name) throws Exception {
        try (InputStream in = GuestRewrite.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void theShippedShimIsItsSourceCompiled() throws Exception {
        String wat = new String(resource("pluginengine-wasi.wat"), StandardCharsets.UTF_8);
        assertThat(resource("pluginengine-wasi.wasm")).isEqualTo(Wat.compile(dir, "shim", wat));
    }

    @Test
    void theShippedOutputGuardIsItsSourceCompiled() throws Exception {
        String wat = new String(resource("pluginengine-output.wat"), StandardCharsets.UTF_8);
        assertThat(resource("pluginengine-output.wasm")).isEqualTo(Wat.compile(dir, "output-guard", wat));
    }

    @Test
    void aGuestCannotImportTheRuntimesOwnNamespace() throws Exception {
        byte[] wasm = Wat.compile(dir, "internal", """
                (module
                  (import "pluginengine:internal" "output_refused" (func (param i64 i64 i64)))
                  (func (export "run") (result i32) (i32.const 0)))
                """);
        // Outside the lambda: without libextism the test is skipped, not failed by the skip's own exception.
        ExtismNativeRuntime runtime = NativeSupport.runtime();
        assertThatThrownBy(() -> runtime.compile(new ModuleSpec("test.internal@1.0.0", wasm, 16)))
                .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.LINK))
                .hasMessageContaining("pluginengine:internal::output_refused");
    }

    @Test
    void aModuleWithNothingToMoveIsLeftAsItIs() throws Exception {
        byte[] wasm = Wat.compile(dir, "plain", "(module (func (export \"run\") (result i32) (i32.const 0)))");
        GuestRewrite r = GuestRewrite.of(wasm);
        assertThat(r.wasm()).isSameAs(wasm);
        assertThat(r.shim()).isNull();
        assertThat(r.initExport()).isNull();
        assertThat(r.startExport()).isFalse();
    }

    @Test
    void aStartSectionInAModuleWithoutExportsOrMemoryRunsAtInstantiation() throws Exception {
        // no export section to extend: one is added in its place
        byte[] wasm = Wat.compile(dir, "bare-start", "(module (func $s unreachable) (start $s))");
        GuestRewrite r = GuestRewrite.of(wasm);
        assertThat(r.startExport()).isTrue();
        assertThat(r.shim()).isNull();
        ExtismNativeRuntime runtime = NativeSupport.runtime();
        try (WasmModule module = runtime.compile(new ModuleSpec("test.bare-start@1.0.0", wasm, 16))) {
            assertThatThrownBy(() -> module.instantiate(List.of()))
                    .isInstanceOfSatisfying(WasmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.LINK))
                    .hasMessageContaining("test.bare-start@1.0.0").hasMessageContaining("start section");
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void onlyTheInitializerLibExtismWouldRunIsMoved() throws Exception {
        byte[] both = Wat.compile(dir, "both", """
                (module (memory (export "memory") 1)
                  (func (export "__wasm_call_ctors")) (func (export "_initialize")))""");
        assertThat(GuestRewrite.of(both).initExport()).isEqualTo(GuestRewrite.INIT_PREFIX + "__wasm_call_ctors");
        // libextism must find neither name: it would run _initialize, uncancellably, at creation
        ExtismNativeRuntime runtime = NativeSupport.runtime();
        byte[] spinningOther = Wat.compile(dir, "both-spin", """
                (module (memory (export "memory") 1)
                  (func (export "__wasm_call_ctors")) (func (export "_initialize") (loop $l (br $l)))
                  (func (export "run") (result i32) (i32.const 0)))""");
        try (WasmModule module = runtime.compile(new ModuleSpec("test.both@1.0.0", spinningOther, 16));
             var instance = module.instantiate(List.of())) {
            assertThat(instance.call("run", new byte[0])).isEmpty();
        }
        byte[] typed = Wat.compile(dir, "typed", "(module (func (export \"_initialize\") (param i32)))");
        assertThat(GuestRewrite.of(typed).initExport()).isNull();
        byte[] haskell = Wat.compile(dir, "haskell", "(module (func (export \"hs_init\")) (func (export \"_initialize\")))");
        assertThat(GuestRewrite.of(haskell).initExport()).isNull();
    }
}
