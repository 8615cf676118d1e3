package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.core.imports.ImportReader;
import io.spirefy.pluginengine.core.imports.MalformedModuleException;
import io.spirefy.pluginengine.core.imports.OfferedImports;

import java.util.List;

/**
 * The import check of contract section 7, run when a plugin is loaded: its module's imports,
 * read from the bytes without compiling anything, against what the engine offers that plugin.
 */
final class ImportCheck {

    private ImportCheck() {
    }

    /**
     * Why {@code entry} cannot resolve because of its imports, naming each unmet one, or null
     * when they are all offered.
     *
     * @throws MalformedModuleException when the module's import section cannot be read
     */
    static String unmet(PluginEntry entry, OfferedImports offered) throws MalformedModuleException {
        List<String> unmet = offered.unmet(ImportReader.read(entry.wasm));
        if (unmet.isEmpty()) return null;
        return "its module imports what plugin " + entry.ref() + " is not offered: " + String.join("; ", unmet);
    }
}
