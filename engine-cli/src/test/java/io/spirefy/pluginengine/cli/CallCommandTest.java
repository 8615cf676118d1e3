package io.spirefy.pluginengine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CallCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesThePluginsOutputToStdout() {
        CliRun r = CliRun.of("call", "--plugins", CliRun.plugin("echo"), "--input", "hi", "test.echo", "echo");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("echo:hi");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void statsPrintsWhatTheRunCostOnStderr() {
        CliRun r = CliRun.of("call", "--stats", "--plugins", CliRun.plugin("anchor-host"), "--plugins", CliRun.plugin("hook-upper"),
                "--plugins", CliRun.plugin("failing-hook"), "--input", "bob", "test.anchor", "decorate");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("BOB[error: hook failed on purpose]");
        assertThat(r.err()).contains("plugins (3)").contains("calls (3)");
        assertThat(r.errLines()).anySatisfy(l -> assertThat(l).matches("\\s*test\\.anchor@1\\.0\\.0\\s+decorate\\s+1\\s+1\\s.*"))
                .anySatisfy(l -> assertThat(l).matches("\\s*test\\.upper@1\\.0\\.0\\s+upper\\s+1\\s+1\\s.*"))
                .anySatisfy(l -> assertThat(l).matches("\\s*test\\.fail@1\\.0\\.0\\s+fail\\s+1\\s+0\\s.*PLUGIN_ERROR=1"));
    }

    @Test
    void withoutStatsStderrStaysEmpty() {
        CliRun r = CliRun.of("call", "--plugins", CliRun.plugin("anchor-host"), "--plugins", CliRun.plugin("hook-upper"),
                "--input", "bob", "test.anchor", "decorate");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void readsItsInputFromAFile() throws IOException {
        Path in = Files.writeString(tmp.resolve("in.txt"), "from a file");
        CliRun r = CliRun.of("call", "--plugins", CliRun.plugin("echo"), "--input-file", in.toString(), "test.echo@1.0.0", "echo");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("echo:from a file");
    }

    @Test
    void anUnreadableInputFileIsAUsageError() {
        CliRun r = CliRun.of("call", "--plugins", CliRun.plugin("echo"), "--input-file", tmp.resolve("nope.txt").toString(), "test.echo", "echo");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("nope.txt");
    }

    @Test
    void anAnchorCallsTheHooksOfThreePluginsInOrder() {
        CliRun r = CliRun.of("call", "--plugins", CliRun.plugin("anchor-host"), "--plugins", CliRun.plugin("hook-exclaim"),
                "--plugins", CliRun.plugin("hook-bracket"), "--plugins", CliRun.plugin("hook-upper"),
                "--input", "bob", "test.anchor", "decorate");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("[BOB]!");
    }

    @Test
    void aBadArchiveIsReportedOnOneLineAndTheCallGoesOn() throws IOException {
        Path bad = Files.write(tmp.resolve("broken.tar.gz"), new byte[] {1, 2, 3});
        CliRun r = CliRun.of("call", "--plugins", bad.toString(), "--plugins", CliRun.plugin("echo"), "--input", "x", "test.echo", "echo");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("echo:x");
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("broken.tar.gz").startsWith("call: error: ");
    }

    @Test
    void aFailingPluginExits1WithItsOwnMessage() {
        CliRun r = CliRun.of("call", "--plugins", CliRun.plugin("failing-hook"), "test.fail", "fail");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("hook failed on purpose").doesNotContain("\tat ");
    }

    @Test
    void aTrapExits1NamingThePluginAndFunction() {
        CliRun r = CliRun.of("call", "--plugins", CliRun.plugin("hook-trap"), "test.trap", "trap");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("test.trap@1.0.0", "trap", "trapped");
    }

    @Test
    void theTimeoutStopsACallThatNeverReturns() {
        CliRun r = CliRun.of("call", "--timeout", "300ms", "--plugins", CliRun.plugin("hook-loop"), "test.loop", "loop");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("timed out", "300 ms");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // before the call-tree deadline, this hung
    void theTimeoutBoundsTheWholeCallTreeNotJustEachCall() {
        // test.hostile.chain loops over CallHook into a hook that spins until its own timeout:
        // each nested call ends in time, so only a bound over the whole tree stops the command.
        long start = System.nanoTime();
        CliRun r = CliRun.of("call", "--timeout", "300ms", "--plugins", CliRun.plugin("hostile-spinner"),
                "--plugins", CliRun.plugin("hostile-chain"), "test.hostile.chain", "run");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("test.hostile.chain@1.0.0", "run", "deadline passed");
        // The tree's bound is the 300 ms asked for; the rest is starting the engine and loading.
        assertThat(millis).isLessThan(30_000);
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun r = CliRun.of("call", "--verbose", "--plugins", CliRun.plugin("failing-hook"), "test.fail", "fail");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("hook failed on purpose", "PluginCallException", "\tat ");
    }

    @Test
    void anUnknownPluginIsExit2() {
        CliRun r = CliRun.of("call", "--plugins", CliRun.plugin("echo"), "test.nope", "echo");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("test.nope");
    }

    @Test
    void anUnknownVersionIsExit2() {
        CliRun r = CliRun.of("call", "--plugins", CliRun.plugin("echo"), "test.echo@9.9.9", "echo");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("test.echo@9.9.9");
    }

    @Test
    void anUnknownFunctionIsExit2() {
        CliRun r = CliRun.of("call", "--plugins", CliRun.plugin("echo"), "test.echo", "nosuch");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("nosuch");
    }

    @Test
    void whenNoPathCanBeReadTheExitCodeIs2() throws IOException {
        Path bad = Files.write(tmp.resolve("bad.zip"), new byte[] {9});
        CliRun r = CliRun.of("call", "--plugins", bad.toString(), "--plugins", tmp.resolve("gone").toString(), "test.echo", "echo");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad.zip", "gone", "no plugin could be loaded");
        assertThat(r.err()).doesNotContain("\tat ");
    }
}
