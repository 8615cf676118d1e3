package io.spirefy.pluginengine.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** One in-process run of the CLI: its exit code and everything it wrote. */
record CliRun(int code, String out, String err) {

    /** Where Maven built the example plugins (engine-tests' C guests); set by surefire. */
    static Path plugins() {
        String dir = System.getProperty("pluginengine.demoPlugins");
        if (dir == null) throw new IllegalStateException("system property pluginengine.demoPlugins is not set (run the tests through Maven)");
        return Path.of(dir);
    }

    /** Where Maven built the cross-language examples (scripts/build-examples); set by surefire. */
    static Path examples() {
        String dir = System.getProperty("pluginengine.examplePlugins");
        if (dir == null) throw new IllegalStateException("system property pluginengine.examplePlugins is not set (run the tests through Maven)");
        return Path.of(dir);
    }

    static String plugin(String name) {
        return plugins().resolve(name + ".tar.gz").toString();
    }

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The lines written to stderr. */
    String[] errLines() {
        return err.isEmpty() ? new String[0] : err.split("\\R");
    }
}
