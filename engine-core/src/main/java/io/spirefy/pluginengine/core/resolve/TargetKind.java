package io.spirefy.pluginengine.core.resolve;

/** What is declared under a global id (contract section 3), and what resolves to it. */
public enum TargetKind {
    ANCHOR("anchor", "hook"),
    EVENT("event", "listener");

    private final String word;
    private final String contributor;

    TargetKind(String word, String contributor) {
        this.word = word;
        this.contributor = contributor;
    }

    /** How messages name it: {@code anchor}, {@code event}. */
    public String word() {
        return word;
    }

    /** How messages name what resolves to it: {@code hook}, {@code listener}. */
    public String contributor() {
        return contributor;
    }
}
