package io.spirefy.pluginengine.core.imports;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.spirefy.pluginengine.core.imports.ModuleBytes.I32;
import static io.spirefy.pluginengine.core.imports.ModuleBytes.I64;
import static io.spirefy.pluginengine.core.imports.ModuleBytes.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImportReaderTest {

    private static final FunctionType I64_TO_I64 = new FunctionType(List.of("i64"), List.of("i64"));

    @Test
    void readsEachImportWithItsKindAndAFunctionsType() throws Exception {
        ModuleBytes m = new ModuleBytes();
        int alloc = m.type(params(I64), I64);
        int store = m.type(params(I64, I32));
        m.function("extism:host/env", "alloc", alloc)
                .function("extism:host/env", "store_u8", store)
                .memory("env", "memory")
                .global("env", "g")
                .table("env", "t")
                .rawImport("env", "tag", new byte[]{0x04, 0x00, 0x00});

        assertThat(ImportReader.read(m.build())).containsExactly(
                new ModuleImport("extism:host/env", "alloc", ModuleImport.Kind.FUNCTION, I64_TO_I64),
                new ModuleImport("extism:host/env", "store_u8", ModuleImport.Kind.FUNCTION,
                        new FunctionType(List.of("i64", "i32"), List.of())),
                new ModuleImport("env", "memory", ModuleImport.Kind.MEMORY, null),
                new ModuleImport("env", "g", ModuleImport.Kind.GLOBAL, null),
                new ModuleImport("env", "t", ModuleImport.Kind.TABLE, null),
                new ModuleImport("env", "tag", ModuleImport.Kind.TAG, null));
    }

    @Test
    void nothingAfterTheImportSectionIsRead() throws Exception {
        ModuleBytes m = new ModuleBytes();
        m.function("extism:host/pluginengine", "NoSuchThing", m.type(params(I64), I64));
        // A code section that claims far more bytes than follow, then junk: a compiler's business.
        byte[] junk = new byte[3 << 20];
        Arrays.fill(junk, (byte) 0xff);
        m.then(ModuleBytes.concat(new byte[]{0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}, junk));

        assertThat(ImportReader.read(m.build())).extracting(ModuleImport::qualifiedName)
                .containsExactly("extism:host/pluginengine/NoSuchThing");
    }

    @Test
    void customSectionsAreSkippedAndAModuleWithoutImportsHasNone() throws Exception {
        ModuleBytes m = new ModuleBytes().customFirst("name", new byte[]{1, 2, 3});
        m.function("a", "b", m.type(params()));
        assertThat(ImportReader.read(m.build())).hasSize(1);
        assertThat(ImportReader.read(new byte[]{0, 'a', 's', 'm', 1, 0, 0, 0})).isEmpty();
    }

    @Test
    void typesOfTheGcProposalLeaveFunctionTypesUnknownButNamesRead() throws Exception {
        // Type section: one recursive group (0x4e) of one struct type with no fields.
        byte[] types = ModuleBytes.section(1, new byte[]{0x01, 0x4e, 0x01, 0x5f, 0x00});
        byte[] imports = ModuleBytes.section(2, new byte[]{0x01, 0x01, 'm', 0x01, 'f', 0x00, 0x00});
        byte[] module = ModuleBytes.concat(new byte[]{0, 'a', 's', 'm', 1, 0, 0, 0}, ModuleBytes.concat(types, imports));

        assertThat(ImportReader.read(module)).containsExactly(new ModuleImport("m", "f", ModuleImport.Kind.FUNCTION, null));
    }

    @Test
    void malformedBytesAreRefusedSayingWhatAndWhere() {
        byte[] header = {0, 'a', 's', 'm', 1, 0, 0, 0};
        assertMalformed(new byte[]{'P', 'K', 3, 4, 0, 0, 0, 0}, "not a WebAssembly module");
        assertMalformed(new byte[]{0, 'a', 's', 'm', 2, 0, 0, 0}, "version 2");
        // import section claiming 10 bytes of which 2 follow
        assertMalformed(ModuleBytes.concat(header, new byte[]{0x02, 0x0a, 0x01, 0x00}), "runs past the end");
        // a million imports in a 3-byte section
        assertMalformed(ModuleBytes.concat(header, ModuleBytes.section(2, ModuleBytes.leb(1_000_000))), "import count 1000000");
        // a name that is not UTF-8
        assertMalformed(ModuleBytes.concat(header, ModuleBytes.section(2, new byte[]{0x01, 0x01, (byte) 0xc3, 0x01, 'f', 0x02, 0x00, 0x01})),
                "not UTF-8");
        // an unknown import kind
        assertMalformed(ModuleBytes.concat(header, ModuleBytes.section(2, new byte[]{0x01, 0x01, 'm', 0x01, 'f', 0x09, 0x00})),
                "unknown kind 0x9");
        // a function naming type 5 of none
        assertMalformed(ModuleBytes.concat(header, ModuleBytes.section(2, new byte[]{0x01, 0x01, 'm', 0x01, 'f', 0x00, 0x05})),
                "names type 5 of 0");
        // a LEB128 longer than a u32 may be
        assertMalformed(ModuleBytes.concat(header, ModuleBytes.section(2, new byte[]{(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00})),
                "longer than 5 bytes");
        // a second type section
        byte[] twice = ModuleBytes.concat(header, ModuleBytes.concat(ModuleBytes.section(1, new byte[]{0x00}), ModuleBytes.section(1, new byte[]{0x00})));
        assertMalformed(twice, "section 1 after section 1");
        // bytes left over inside the section
        assertMalformed(ModuleBytes.concat(header, ModuleBytes.section(2, new byte[]{0x00, 0x00})), "1 bytes after its last item");
    }

    private static void assertMalformed(byte[] module, String says) {
        assertThatThrownBy(() -> ImportReader.read(module)).isInstanceOf(MalformedModuleException.class)
                .hasMessageStartingWith("at byte ").hasMessageContaining(says);
    }
}
