package io.spirefy.pluginengine.cli.command;

import io.spirefy.pluginengine.core.PluginEngines;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.stream.Collectors;

/** {@code --version}: the project version (filtered in at build time), the Java and the runtimes found. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = PluginEngineCommand.class.getResourceAsStream("/io/spirefy/pluginengine/cli/version.properties")) {
            if (in != null) p.load(in);
        }
        String runtimes = PluginEngines.runtimes().stream()
                .map(r -> r.name() + r.unavailableReason().map(why -> " (unavailable: " + why + ")").orElse(""))
                .collect(Collectors.joining(", "));
        return new String[] {
                "plugin-engine " + p.getProperty("version", "unknown"),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
                "runtimes: " + (runtimes.isEmpty() ? "none" : runtimes),
        };
    }
}
