package io.spirefy.pluginengine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void tellsTheWholeStory() {
        CliRun r = CliRun.of("demo", "--plugins", CliRun.plugins().toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Plugins (8)")
                .containsSubsequence("1. test.upper@1.0.0/upper", "2. test.bracket@1.0.0/bracket", "3. test.exclaim@1.0.0/exclaim")
                .contains("the hook targets 1.3.x")
                .contains("-> [WORLD]!")
                .contains("delivered 1, failed 1", "listener refused", "SendEvent answered 1")
                .contains("TRAP")
                .containsPattern("decorate \"again\" -> \\[AGAIN\\]!\\[error: [^\\]]*trap");
        assertThat(r.out().strip()).endsWith("Next: plugin-engine demo --languages  (plugins in Go, C and AssemblyScript working together)");
        assertThat(r.err()).isEmpty();
    }

    /**
     * The cross-language story on the default runtime. Slow: the runtime
     * compiles three Go modules at their first call (seconds each on the pure-JVM runtime), so it
     * is the one test of that story.
     */
    @Test
    void tellsTheCrossLanguageStory() {
        CliRun r = CliRun.of("demo", "--languages", "--plugins", CliRun.examples().toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("compiles")
                .contains("Plugins (5)", "Greeter (Go)", "Bracket hook (C)", "Exclamation hook (AssemblyScript)")
                .containsSubsequence("1. examples.hook.c@1.0.0/decorate", "language c",
                        "2. examples.hook.as@1.0.0/exclaim", "language assemblyscript",
                        "3. examples.hook.go@1.0.0/sign", "language go")
                .contains("-> Hello, bob [c] [as] [go]")
                .contains("heard: examples.listener.go@1.0.0 sent {\"heard\":\"Hello, bob [c]\",\"by\":\"examples.listener.go\"}")
                .contains("-> Hello, nobody [as] [go]", "-> error: CallHook examples.hook.c@1.0.0/decorate: c hook: nobody to greet");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void withoutTheExamplesTheLanguagesStoryIsAUsageErrorNamingThem(@TempDir Path empty) {
        CliRun r = CliRun.of("demo", "--languages", "--plugins", empty.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("greeter-go.tar.gz", "listener-go.tar.gz");
    }

    @Test
    void withoutItsPluginsTheDemoIsAUsageErrorNamingThem(@TempDir Path empty) {
        CliRun r = CliRun.of("demo", "--plugins", empty.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("anchor-host.tar.gz", "hook-trap.tar.gz");
    }
}
