package io.spirefy.pluginengine.core.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The functions one plugin is offered, by {@code module/name}, each with its type; and the check
 * of a module's imports against them. Only functions are offered: no plugin is given a memory,
 * table, global or tag from outside.
 */
public final class OfferedImports {

    private final Map<String, FunctionType> functions = new LinkedHashMap<>();
    private final Map<String, String> withheld = new LinkedHashMap<>();

    /** Offers {@code module/name} with this type; a later offer of the same name replaces it (as linkers shadow). */
    public OfferedImports offer(String module, String name, FunctionType type) {
        functions.put(module + "/" + name, type);
        withheld.remove(module + "/" + name);
        return this;
    }

    /** Says why {@code module/name} is not offered, so that a module importing it is told more than "unknown". */
    public OfferedImports withhold(String module, String name, String why) {
        functions.remove(module + "/" + name);
        withheld.put(module + "/" + name, why);
        return this;
    }

    /** Whether {@code module/name} is offered, and its type. */
    public Optional<FunctionType> function(String module, String name) {
        return Optional.ofNullable(functions.get(module + "/" + name));
    }

    /**
     * Each import this set does not satisfy, as one phrase naming it ({@code module/name}) and why:
     * nothing offers it, it is not granted, or it is offered with another type or kind. Empty when
     * every import is satisfied. An import listed twice is named once.
     */
    public List<String> unmet(List<ModuleImport> imports) {
        Map<String, String> unmet = new LinkedHashMap<>();
        for (ModuleImport i : imports) {
            String key = i.qualifiedName();
            if (unmet.containsKey(key)) continue;
            FunctionType offered = functions.get(key);
            String why;
            if (withheld.containsKey(key)) {
                why = withheld.get(key);
            } else if (offered == null) {
                why = i.kind() == ModuleImport.Kind.FUNCTION ? "no such function is offered" : "no " + i.kind().word() + " is offered";
            } else if (i.kind() != ModuleImport.Kind.FUNCTION) {
                why = "imported as a " + i.kind().word() + ", offered as a function " + offered;
            } else if (i.type() != null && !i.type().equals(offered)) {
                why = "imported as " + i.type() + ", offered as " + offered;
            } else {
                continue;
            }
            unmet.put(key, key + " (" + why + ")");
        }
        return new ArrayList<>(unmet.values());
    }
}
