package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmModule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module that may recurse has no stack bound on Chicory (its frames are Java frames, and nothing
 * stops them before the thread's stack ends), so the engine must give every nested call into it a
 * fresh stack; one that cannot recurse has one, which grows with its deepest chain of calls.
 */
class StackBoundTest {

    private static long bound(String wat) {
        return StackBound.of(Parser.parse(Wat2Wasm.parse(wat)));
    }

    @Test
    void directRecursionHasNoBound() {
        assertThat(bound("(module (func $f (export \"f\") (result i32) (call $f)))")).isEqualTo(StackBound.UNBOUNDED);
    }

    @Test
    void mutualRecursionHasNoBound() {
        assertThat(bound("(module (func $a (call $b)) (func $b (call $c)) (func $c (call $a)) (export \"a\" (func $a)))"))
                .isEqualTo(StackBound.UNBOUNDED);
    }

    @Test
    void recursionThroughATableHasNoBound() {
        // call_indirect may reach any function of its type: $f of type () -> () calls one, so it may call itself.
        assertThat(bound("(module (type $t (func)) (table 1 funcref) (elem (i32.const 0) $f)"
                + " (func $f (type $t) (call_indirect (type $t) (i32.const 0))) (export \"f\" (func $f)))"))
                .isEqualTo(StackBound.UNBOUNDED);
    }

    @Test
    void aChainIsBoundedAndALongerChainTakesMore() {
        long one = bound("(module (func $a) (export \"a\" (func $a)))");
        long three = bound("(module (func $a (call $b)) (func $b (call $c)) (func $c) (export \"a\" (func $a)))");
        assertThat(one).isPositive();
        assertThat(three).isGreaterThanOrEqualTo(3 * one);
        // An indirect call to a function of another type is no edge back: still bounded.
        assertThat(bound("(module (type $t (func (param i32))) (table 1 funcref) (elem (i32.const 0) $g)"
                + " (func $f (call_indirect (type $t) (i32.const 1) (i32.const 0))) (func $g (type $t))"
                + " (export \"f\" (func $f)))")).isPositive();
    }

    @Test
    void importsAreLeavesNotRecursion() {
        assertThat(bound("(module (import \"env\" \"h\" (func $h)) (func $f (call $h) (call $h)) (export \"f\" (func $f)))"))
                .isPositive();
    }

    @Test
    void theRuntimeBoundsAModuleThatCannotRecurseAndNotOneThatCan() throws Exception {
        ChicoryRuntime runtime = new ChicoryRuntime();
        try (WasmModule flat = runtime.compile(new ModuleSpec("flat@1.0.0", Wat2Wasm.parse("(module (import \"extism:host/env\""
                + " \"input_length\" (func $il (result i64))) (func (export \"run\") (result i32) (drop (call $il)) (i32.const 0)))"), 4));
             WasmModule deep = runtime.compile(new ModuleSpec("deep@1.0.0",
                     Wat2Wasm.parse("(module (func $f (export \"f\") (result i32) (call $f)))"), 4))) {
            // The Extism kernel runs on top of the guest's frames: it must be bounded too, or nothing is.
            assertThat(flat.stackBytesPerEntry()).isGreaterThan(ChicoryWasmModule.ENTRY_BYTES);
            assertThat(deep.stackBytesPerEntry()).isEqualTo(-1);
        }
    }

    @Test
    void aModuleWhoseCompiledCodeCameFromTheCacheIsBoundedFromItsWholeCodeNotItsStub(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // From the cache the runtime parses a stub whose bodies are all 'unreachable': bounded as
        // such, a recursive module would look flat.
        byte[] recursive = Wat2Wasm.parse("(module (import \"extism:host/env\" \"input_length\" (func $il (result i64)))"
                + " (func $f (export \"run\") (result i32) (drop (call $il)) (call $f)))");
        for (int round = 0; round < 2; round++) {
            ChicoryRuntime runtime = new ChicoryRuntime();
            runtime.useCodeCache(io.spirefy.pluginengine.api.CodeCache.at(dir), w -> { });
            try (WasmModule m = runtime.compile(new ModuleSpec("rec@1.0.0", recursive, 4))) {
                assertThat(m.stackBytesPerEntry()).as("round %d", round).isEqualTo(-1);
            }
        }
    }
}
