package io.spirefy.pluginengine.cli;

/** {@link CliRun} for tests in other packages. */
public record CliRunAccess(int code, String out, String err) {

    public static CliRunAccess of(String... args) {
        CliRun r = CliRun.of(args);
        return new CliRunAccess(r.code(), r.out(), r.err());
    }
}
