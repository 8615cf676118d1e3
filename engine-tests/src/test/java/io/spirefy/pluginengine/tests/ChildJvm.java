package io.spirefy.pluginengine.tests;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs one attack in a JVM of its own, capped at 1 GiB of heap. An attack may kill the JVM
 * (a native stack overflow), exhaust its heap or leave a thread spinning for ever: none of that
 * may take the test run with it, and each attack must start from a clean heap to measure what
 * it leaves behind. The child is {@link HostileChild}; its exit code says how the attack went.
 */
final class ChildJvm {

    static final int PASSED = 0;
    static final int FAILED = 1;
    static final int ABORTED = 3;
    /** Far above what any attack may take; only a child whose own bounds failed gets here. */
    private static final long KILL_AFTER_SECONDS = 150;

    private ChildJvm() {
    }

    /** Runs {@code Class#method(runtime)} in a child JVM; fails with the child's output when it did not pass. */
    static void run(String attack, String runtime) throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("pluginengine.testPlugins")).resolveSibling("hostile");
        Files.createDirectories(dir);
        Path log = dir.resolve(attack.replace('#', '.') + "-" + runtime + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-XX:ErrorFile=" + dir.resolve("hs_err_" + attack.replace('#', '.') + "-" + runtime + "_%p.log"));
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("pluginengine.")) command.add("-D" + key + "=" + System.getProperty(key));
        }
        // The run on a JDK 22+ grants native access (extism's binding, the engine's stack probe):
        // the attacks must meet the same engine there.
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--enable-native-access")) command.add(option);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(HostileChild.class.getName());
        command.add(attack);
        command.add(runtime);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = child.waitFor(KILL_AFTER_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly().waitFor();
        }
        List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
        output.stream().filter(l -> l.startsWith(Measured.PREFIX)).forEach(l -> System.out.println(attack + " [" + runtime + "] " + l));
        if (!ended) throw new AssertionError("the attack's JVM was still running after " + KILL_AFTER_SECONDS + " s and was killed\n" + tail(output));
        int exit = child.exitValue();
        if (exit == PASSED) return;
        if (exit == ABORTED) Assumptions.abort(String.join("\n", output));
        String how = exit == FAILED ? "the attack's checks failed" : "the attack's JVM died with exit code " + exit
                + (exit == 134 ? " (SIGABRT: the JVM crashed; hs_err file in " + dir + ")" : "");
        throw new AssertionError(how + "\n" + tail(output));
    }

    private static String tail(List<String> lines) {
        int from = Math.max(0, lines.size() - 80);
        return (from > 0 ? "[" + from + " lines before]\n" : "") + String.join("\n", lines.subList(from, lines.size()));
    }
}
