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
        assertThat(r.err()).isEmpty();
    }

    @Test
    void withoutItsPluginsTheDemoIsAUsageErrorNamingThem(@TempDir Path empty) {
        CliRun r = CliRun.of("demo", "--plugins", empty.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("anchor-host.tar.gz", "hook-trap.tar.gz");
    }
}
