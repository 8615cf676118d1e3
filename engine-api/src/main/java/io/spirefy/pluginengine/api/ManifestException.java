package io.spirefy.pluginengine.api;

import java.util.List;
import java.util.stream.Collectors;

/** A manifest could not be turned into a plugin descriptor; carries every error found, not only the first. */
public class ManifestException extends PluginEngineException {

    /** Every error found in the manifest. */
    private final List<Problem> problems;

    /**
     * A failure carrying every error found, so that an author fixes them in one round.
     *
     * @param problems the errors, at least one; copied
     */
    public ManifestException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /**
     * A failure with one error.
     *
     * @param problem the error
     */
    public ManifestException(Problem problem) {
        this(List.of(problem));
    }

    /**
     * Every error found.
     *
     * @return the problems, in the order found
     */
    public List<Problem> problems() { return problems; }

}
