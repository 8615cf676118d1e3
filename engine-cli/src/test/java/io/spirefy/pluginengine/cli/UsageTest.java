package io.spirefy.pluginengine.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Help, version and the usage errors every command shares: exit 2 with one line on stderr. */
class UsageTest {

    @Test
    void helpListsEveryCommandAndExitsZero() {
        CliRun r = CliRun.of("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("inspect", "call", "hooks", "send", "demo", "Exit codes");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void subcommandHelpShowsItsContract() {
        CliRun r = CliRun.of("call", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("PLUGIN_ID", "FUNCTION", "--plugins", "--timeout", "--input", "--input-file", "--runtime");
    }

    @Test
    void versionNamesTheProjectVersionAndTheRuntimes() {
        CliRun r = CliRun.of("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("plugin-engine \\d+\\.\\d+\\.\\d+").contains("runtimes: ").contains("chicory");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun r = CliRun.of();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("subcommand");
    }

    @Test
    void unknownCommandIsAUsageErrorOnOneLine() {
        CliRun r = CliRun.of("frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("frobnicate").doesNotContain("\tat ");
    }

    @Test
    void missingPluginsOptionIsAUsageError() {
        CliRun r = CliRun.of("call", "test.echo", "echo");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("--plugins");
    }

    @Test
    void missingPositionalIsAUsageError() {
        CliRun r = CliRun.of("call", "--plugins", CliRun.plugin("echo"), "test.echo");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("FUNCTION");
    }

    @Test
    void badTimeoutIsAUsageErrorNamingTheValue() {
        CliRun r = CliRun.of("call", "--timeout", "5 parsecs", "--plugins", CliRun.plugin("echo"), "test.echo", "echo");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("--timeout", "'5 parsecs' is not a duration");
    }

    @Test
    void inputAndInputFileExcludeEachOther() {
        CliRun r = CliRun.of("call", "--input", "a", "--input-file", "x.bin", "--plugins", CliRun.plugin("echo"), "test.echo", "echo");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("mutually exclusive");
    }

    @Test
    void unknownRuntimeIsAUsageErrorNamingWhatExists() {
        CliRun r = CliRun.of("call", "--runtime", "nope", "--plugins", CliRun.plugin("echo"), "test.echo", "echo");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("'nope'", "chicory");
    }
}
