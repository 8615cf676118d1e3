package io.spirefy.pluginengine.api;

import java.util.List;

/**
 * What one {@link PluginEngine#load} did.
 *
 * @param loaded   {@code id@version} of each plugin registered
 * @param problems what was wrong with the sources; an ERROR means that source registered nothing
 */
public record LoadResult(List<String> loaded, List<Problem> problems) {

    public LoadResult {
        loaded = List.copyOf(loaded);
        problems = List.copyOf(problems);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }
}
