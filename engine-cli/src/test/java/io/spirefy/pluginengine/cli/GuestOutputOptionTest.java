package io.spirefy.pluginengine.cli;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --guest-output}: the plugins' own output on stderr, from a level up, each line under the
 * plugin's ref; off by default. The Go test guest go-output logs at every level and writes to
 * stdout and stderr (chicory, the default runtime; the code cache keeps the later runs short).
 */
class GuestOutputOptionTest {

    private static final String REF = "test.go.output@1.0.0";

    private static CliRun talk(String... options) {
        String[] head = {"call", "--runtime", "chicory", "--plugins", CliRun.plugin("go-output"), "--input", "t1"};
        String[] args = Arrays.copyOf(head, head.length + options.length + 2);
        System.arraycopy(options, 0, args, head.length, options.length);
        args[args.length - 2] = "test.go.output";
        args[args.length - 1] = "talk";
        return CliRun.of(args);
    }

    @Test
    void offByDefaultSoStderrCarriesOnlyTheCommandsOwnLines() {
        CliRun r = talk();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("talked");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void fromInfoUpEveryLineIsPrintedUnderThePluginsRefAndStdoutStaysTheResult() {
        CliRun r = talk("--guest-output", "info");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("talked");
        assertThat(r.errLines()).containsExactlyInAnyOrder(
                REF + " log info: info t1",
                REF + " log warn: warn t1",
                REF + " log error: error t1",
                REF + " stdout: stdout t1",
                REF + " stderr: stderr t1",
                REF + " stdout: unterminated t1");
    }

    @Test
    void allAddsDebugAndTraceAndErrorKeepsOnlyErrors() {
        assertThat(talk("--guest-output", "all").errLines())
                .contains(REF + " log trace: trace t1", REF + " log debug: debug t1").hasSize(8);
        assertThat(talk("--guest-output", "ERROR").errLines()).containsExactly(REF + " log error: error t1");
    }

    @Test
    void aTrapsStderrIsNotRepeatedUnderTheErrorWhenItWasShown() {
        CliRun r = CliRun.of("call", "--runtime", "chicory", "--guest-output", "warn", "--plugins", CliRun.plugin("go-output"),
                "--input", "boom", "test.go.output", "panics");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.errLines()).contains(REF + " stderr: about to panic", REF + " stderr: panic: boom",
                "plugin-engine call: " + REF + " panics: trapped: unreachable instruction executed");
        assertThat(r.err()).doesNotContain("the last lines it wrote to stderr").containsOnlyOnce("about to panic");
    }

    @Test
    void anUnknownLevelIsAUsageErrorNamingTheLevels() {
        CliRun r = talk("--guest-output", "loud");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--guest-output loud").contains("off, error, warn, info, debug, trace, all");
    }
}
