package io.spirefy.pluginengine.cli.command;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A one-shot command builds only its own picocli model; everything else still sees every subcommand. */
class SubcommandsTest {

    private static CommandLine rootWith(String... args) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        CommandLine root = new CommandLine(new PluginEngineCommand(new Io(nowhere, nowhere)));
        Subcommands.addTo(root, args);
        return root;
    }

    @Test
    void eachNameIsTheOneItsCommandAnnotationGives() {
        for (Map.Entry<String, Class<?>> e : Subcommands.BY_NAME.entrySet()) {
            assertThat(e.getValue().getAnnotation(Command.class).name()).as(e.getValue().getName()).isEqualTo(e.getKey());
        }
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertThat(rootWith("call", "--plugins", "x", "a", "b").getSubcommands().keySet()).containsExactly("call");
        assertThat(rootWith("cache", "info").getSubcommands().keySet()).containsExactly("cache");
        assertThat(rootWith("cache", "info").getSubcommands().get("cache").getSubcommands()).containsKeys("info", "clear");
    }

    @Test
    void withoutASubcommandFirstEveryOneIsBuiltInHelpOrder() {
        List<String> all = List.copyOf(Subcommands.BY_NAME.keySet());
        assertThat(rootWith().getSubcommands().keySet()).containsExactlyElementsOf(all);
        assertThat(rootWith("--help").getSubcommands().keySet()).containsExactlyElementsOf(all);
        assertThat(rootWith("--verbose", "call").getSubcommands().keySet()).containsExactlyElementsOf(all);
        assertThat(rootWith("calll").getSubcommands().keySet()).containsExactlyElementsOf(all);
    }
}
