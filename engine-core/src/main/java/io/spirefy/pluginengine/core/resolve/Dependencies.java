package io.spirefy.pluginengine.core.resolve;

import io.spirefy.pluginengine.api.plugin.Dependency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which plugins cannot take part because the host holds them or a required dependency is unmet. */
final class Dependencies {

    private Dependencies() {
    }

    /**
     * A fixed point: a plugin is active when it is not held and each dependency is met by an
     * active plugin, so a plugin whose dependency is itself inactive is inactive too.
     *
     * @return plugin ref -> why it is inactive
     */
    static Map<String, String> inactivePlugins(List<Candidate> sorted) {
        Map<String, String> inactive = new LinkedHashMap<>();
        for (Candidate c : sorted) {
            if (c.held() != null) inactive.put(c.ref(), c.held());
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Candidate c : sorted) {
                if (inactive.containsKey(c.ref())) continue;
                for (Dependency d : c.descriptor().dependencies()) {
                    Optional<String> unmet = unmet(d, sorted, inactive);
                    if (unmet.isPresent()) {
                        inactive.put(c.ref(), unmet.get());
                        changed = true;
                        break;
                    }
                }
            }
        }
        return inactive;
    }

    /** Why {@code d} is not met by an active plugin, or empty when it is. */
    static Optional<String> unmet(Dependency d, List<Candidate> all, Map<String, String> inactive) {
        List<Candidate> sameId = all.stream().filter(c -> c.descriptor().id().equals(d.pluginId())).toList();
        if (sameId.stream().anyMatch(c -> !inactive.containsKey(c.ref()) && d.accepts(c.descriptor().version()))) {
            return Optional.empty();
        }
        String need = "dependency " + d.pluginId() + " " + d.rangeText();
        if (sameId.isEmpty()) {
            return Optional.of(need + " is missing");
        }
        List<Candidate> inRange = sameId.stream().filter(c -> d.accepts(c.descriptor().version())).toList();
        if (inRange.isEmpty()) {
            return Optional.of(need + " is out of range: loaded only as "
                    + sameId.stream().map(c -> c.descriptor().version().toString()).collect(Collectors.joining(", ")));
        }
        return Optional.of(need + " is loaded but not active: "
                + inRange.stream().map(c -> c.ref() + " (" + inactive.get(c.ref()) + ")").collect(Collectors.joining(", ")));
    }
}
