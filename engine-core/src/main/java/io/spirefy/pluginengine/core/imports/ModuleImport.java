package io.spirefy.pluginengine.core.imports;

import java.util.Objects;

/**
 * One import of a module.
 *
 * @param module the import module, e.g. {@code extism:host/env}
 * @param name   the import name
 * @param kind   what is imported
 * @param type   a function's type; {@code null} for other kinds, or when the module's types are
 *               of a form this reader does not decode (then only the name is checked)
 */
public record ModuleImport(String module, String name, Kind kind, FunctionType type) {

    /** The import kinds of the binary format, by their code. */
    public enum Kind {
        FUNCTION("function"), TABLE("table"), MEMORY("memory"), GLOBAL("global"), TAG("tag");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public ModuleImport {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /** {@code module/name}, as reasons name an import. */
    public String qualifiedName() {
        return module + "/" + name;
    }
}
