package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CustomSection;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parse that skips Chicory's SHA-256 still validates, and reads what Chicory's own parse reads. */
class ModuleParserTest {

    /**
     * Well-formed, but invalid: a function typed {@code () -> i32} whose body leaves an i64. Compiled
     * code assumes validated modules, so skipping the hash must not skip this check.
     */
    private static final byte[] ILL_TYPED = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type section: () -> i32
            0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
            0x0a, 0x06, 0x01, 0x04, 0x00, 0x42, 0x01, 0x0b}; // code: no locals, i64.const 1, end

    @Test
    void rejectsAModuleThatDoesNotValidate() {
        assertThatThrownBy(() -> Parser.parse(ILL_TYPED)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> ModuleParser.parse(ILL_TYPED)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void theRuntimeRefusesItAsALinkError() {
        assertThatThrownBy(() -> new ChicoryRuntime().compile(new ModuleSpec("test.illtyped@1.0.0", ILL_TYPED, 4)))
                .isInstanceOfSatisfying(WasmException.class,
                        e -> assertThat(e.kind()).isEqualTo(WasmException.Kind.LINK));
    }

    @Test
    void readsTheSameSectionsAsChicorysParse() {
        byte[] wasm = TestModules.wasm("plugin");
        WasmModule ours = ModuleParser.parse(wasm);
        WasmModule chicorys = Parser.parse(wasm);
        assertThat(ours.digest()).isEqualTo(ModuleParser.UNHASHED).isNotEqualTo(chicorys.digest());
        assertThat(ours.exportSection().exportCount()).isEqualTo(chicorys.exportSection().exportCount());
        assertThat(ours.importSection().importCount()).isEqualTo(chicorys.importSection().importCount());
        assertThat(ours.codeSection().functionBodyCount()).isPositive()
                .isEqualTo(chicorys.codeSection().functionBodyCount());
        for (int i = 0; i < ours.codeSection().functionBodyCount(); i++) {
            assertThat(ours.codeSection().getFunctionBody(i).instructions())
                    .isEqualTo(chicorys.codeSection().getFunctionBody(i).instructions());
        }
        assertThat(ours.memorySection()).isEqualTo(chicorys.memorySection());
        assertThat(ours.dataSection()).isEqualTo(chicorys.dataSection());
        assertThat(ours.customSections()).map(CustomSection::name)
                .isEqualTo(chicorys.customSections().stream().map(CustomSection::name).toList());
    }
}
