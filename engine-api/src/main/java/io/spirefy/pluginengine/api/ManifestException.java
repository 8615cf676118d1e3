package io.spirefy.pluginengine.api;

import java.util.List;
import java.util.stream.Collectors;

/** A manifest could not be turned into a plugin descriptor; carries every error found, not only the first. */
public class ManifestException extends PluginEngineException {

    private final List<Problem> problems;

    public ManifestException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public ManifestException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() { return problems; }
}
