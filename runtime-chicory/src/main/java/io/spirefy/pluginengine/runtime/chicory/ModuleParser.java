package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.DataCountSection;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.FunctionSection;
import com.dylibso.chicory.wasm.types.GlobalSection;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.Section;
import com.dylibso.chicory.wasm.types.StartSection;
import com.dylibso.chicory.wasm.types.TableSection;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TypeSection;

import java.io.ByteArrayInputStream;

/**
 * Parses and validates a plugin's module as {@code Parser.parse(byte[])} does, without hashing it.
 *
 * <p>Why: Chicory's {@code Parser.parse} computes the SHA-256 of every module it reads, only to name
 * it ({@code WasmModule.digest()}). The CLI runs C1 only, where SHA-256 has no intrinsic: 150-200 ms
 * for a 3 MB Go module, about a tenth of a module's first start (docs/PERFORMANCE.md, "First start
 * without a cache"). Nothing reads a plugin module's digest but Chicory's compiler, which needs one
 * (any) to call the {@code Cache} it is given, and the kernel check, which compares the kernel's
 * digest with the sdk's modules (those are still hashed by the sdk, and a label is never equal to a
 * hash). The kernel itself is parsed with its digest.
 */
final class ModuleParser {

    /** Not a SHA-256 in Chicory's form ({@code sha-256:<base64>}), so it never equals one. */
    static final String UNHASHED = "pluginengine:unhashed";

    private ModuleParser() {
    }

    /** The validated module; throws what {@code Parser.parse} throws on malformed or invalid bytes. */
    static WasmModule parse(byte[] wasm) {
        WasmModule.Builder module = WasmModule.builder().withValidation(true).withDigest(UNHASHED);
        Parser.builder().build().parse(new ByteArrayInputStream(wasm), section -> add(module, section));
        return module.build();
    }

    private static void add(WasmModule.Builder module, Section section) {
        if (section instanceof CustomSection) {
            module.addCustomSection(((CustomSection) section).name(), (CustomSection) section);
        } else if (section instanceof TypeSection) {
            module.setTypeSection((TypeSection) section);
        } else if (section instanceof ImportSection) {
            module.setImportSection((ImportSection) section);
        } else if (section instanceof FunctionSection) {
            module.setFunctionSection((FunctionSection) section);
        } else if (section instanceof TableSection) {
            module.setTableSection((TableSection) section);
        } else if (section instanceof MemorySection) {
            module.setMemorySection((MemorySection) section);
        } else if (section instanceof GlobalSection) {
            module.setGlobalSection((GlobalSection) section);
        } else if (section instanceof ExportSection) {
            module.setExportSection((ExportSection) section);
        } else if (section instanceof StartSection) {
            module.setStartSection((StartSection) section);
        } else if (section instanceof ElementSection) {
            module.setElementSection((ElementSection) section);
        } else if (section instanceof CodeSection) {
            module.setCodeSection((CodeSection) section);
        } else if (section instanceof DataSection) {
            module.setDataSection((DataSection) section);
        } else if (section instanceof DataCountSection) {
            module.setDataCountSection((DataCountSection) section);
        } else if (section instanceof TagSection) {
            module.setTagSection((TagSection) section);
        } else {
            module.addIgnoredSection(section.sectionId());
        }
    }
}
