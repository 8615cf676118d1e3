package io.spirefy.pluginengine.cli;

import io.spirefy.pluginengine.api.spi.WasmRuntime;
import io.spirefy.pluginengine.core.PluginEngines;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same command fails the same way on both runtimes (issue 15): equal exit codes and equal first
 * lines of error, naming the plugin and the function once. The cases come from the WAT guest
 * {@code parity} (engine-tests/src/test/guests/parity).
 */
class RuntimeParityTest {

    private static final String PLUGIN = "test.parity@1.0.0";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "unknown export, nope, ''",
            "wrong export type, typed, ''",
            "_initialize called directly, _initialize, ''",
            "trap, trap, ''",
            "WASI proc_exit(3), quit, ''",
            "timeout, spin, 300ms",
    })
    void bothRuntimesFailAlike(String what, String function, String timeout) {
        requireExtism();
        CliRun chicory = call("chicory", function, timeout);
        CliRun extism = call("extism", function, timeout);

        assertThat(chicory.code()).as("exit code of %s", what).isNotZero().isEqualTo(extism.code());
        String first = firstLine(chicory);
        assertThat(firstLine(extism)).as("first line of error of %s", what).isEqualTo(first);
        assertThat(occurrences(first, PLUGIN)).as("plugin named once in: %s", first).isEqualTo(1);
        assertThat(occurrences(first, function)).as("function named once in: %s", first).isEqualTo(1);
    }

    /** A Go panic (the Go test guest go-output, seconds to compile on chicory): its message under the error line. */
    @org.junit.jupiter.api.Test
    void aGoPanicsMessageIsShownUnderTheErrorOnBothRuntimes() {
        requireExtism();
        CliRun chicory = CliRun.of("call", "--runtime", "chicory", "--plugins", CliRun.plugin("go-output"), "--input", "boom",
                "test.go.output", "panics");
        CliRun extism = CliRun.of("call", "--runtime", "extism", "--plugins", CliRun.plugin("go-output"), "--input", "boom",
                "test.go.output", "panics");
        assertThat(chicory.code()).isEqualTo(1).isEqualTo(extism.code());
        assertThat(firstLine(chicory)).isEqualTo(firstLine(extism))
                .isEqualTo("plugin-engine call: test.go.output@1.0.0 panics: trapped: unreachable instruction executed");
        for (CliRun run : List.of(chicory, extism)) {
            assertThat(run.errLines()).contains("  the last lines it wrote to stderr:", "  about to panic", "  panic: boom");
            assertThat(run.err()).doesNotContain("wasm backtrace"); // only with --verbose
        }
    }

    private static CliRun call(String runtime, String function, String timeout) {
        List<String> args = new ArrayList<>(List.of("call", "--runtime", runtime));
        if (!timeout.isEmpty()) args.addAll(List.of("--timeout", timeout));
        args.addAll(List.of("--plugins", CliRun.plugin("parity"), "test.parity", function));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static String firstLine(CliRun run) {
        String[] lines = run.errLines();
        assertThat(lines).as("stderr of a failed call").isNotEmpty();
        return lines[0];
    }

    /** Whole-word occurrences: {@code trap} is not counted in {@code trapped}. */
    private static int occurrences(String text, String word) {
        return (int) java.util.regex.Pattern.compile("(?<![\\w.@])" + java.util.regex.Pattern.quote(word) + "(?![\\w@])")
                .matcher(text).results().count();
    }

    /** Skipped without libextism, unless CI requires the native runtime. */
    private static void requireExtism() {
        Optional<WasmRuntime> extism = PluginEngines.runtimes().stream().filter(r -> r.name().equals("extism")).findFirst();
        if (extism.isEmpty()) throw new AssertionError("runtime extism not found through ServiceLoader (a test dependency)");
        String why = extism.get().unavailableReason().orElse(null);
        if (why == null) return;
        if (Boolean.getBoolean("pluginengine.requireNative")) throw new AssertionError("runtime extism is required here: " + why);
        Assumptions.abort("runtime extism skipped: " + why);
    }
}
