/**
 * The {@code plugin-engine} command line: inspect, call, hooks, send and demo.
 *
 * <p>The runtime and the manifest format are required although nothing of theirs is used by
 * name: requiring them puts them into every module graph the CLI runs in (the jlink image,
 * the tests), so that the engine's ServiceLoader finds them.
 */
module io.spirefy.pluginengine.cli {
    requires io.spirefy.pluginengine.core;
    requires io.spirefy.pluginengine.manifest.yaml;
    requires io.spirefy.pluginengine.runtime.chicory;
    // engine-core requires Handlebars only statically (hosts without templates stay free of
    // java.desktop); the CLI renders templates (demo, call of plugins granted "templates").
    requires com.github.jknack.handlebars;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    // The console's HTTP server: the JDK's own, so the image carries no web framework.
    requires jdk.httpserver;

    // picocli reads and sets the annotated fields of the commands reflectively.
    opens io.spirefy.pluginengine.cli.command to info.picocli;
}
