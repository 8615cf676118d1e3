package io.spirefy.pluginengine.api;

import java.util.List;

/**
 * What one {@link PluginEngine#load} did.
 *
 * @param loaded   {@code id@version} of each plugin registered
 * @param problems what was wrong with the sources; an ERROR means that source registered nothing
 */
public record LoadResult(List<String> loaded, List<Problem> problems) {

    /**
     * Copies both lists.
     *
     * @param loaded   {@code id@version} of each plugin registered
     * @param problems what was wrong with the sources; an ERROR means that source registered nothing
     * @throws NullPointerException when a list is {@code null}
     */
    public LoadResult {
        loaded = List.copyOf(loaded);
        problems = List.copyOf(problems);
    }

    /**
     * Whether some source registered nothing: warnings alone do not count.
     *
     * @return {@code true} when a problem is an ERROR
     */
    public boolean hasErrors() {

        return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }
}
