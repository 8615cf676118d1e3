package io.spirefy.pluginengine.core.archive;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's archive memory attacks, each in a JVM capped at 1 GiB ({@link RetainedMemoryProbe}):
 * eight valid archives each unpacking to 250 MiB (inside every per-archive limit), and 64 reads
 * of such an asset. Before entries were kept compressed and reads bounded, both ended in
 * OutOfMemoryError.
 */
class RetainedMemoryTest {

    @TempDir
    static Path tmp;
    static Path archives;

    @BeforeAll
    static void writeArchives() throws Exception {
        archives = Files.createDirectory(tmp.resolve("archives"));
        new BigArchives().writeEight(archives);
    }

    @Test
    void eightArchivesOfTwoHundredFiftyMebibytesLoadInAOneGibibyteHeap() throws Exception {
        try (Stream<Path> list = Files.list(archives)) {
            // Every archive is inside the per-archive limits: under 3 MB packed, 250 MiB unpacked.
            assertThat(list.toList()).hasSize(8).allSatisfy(a -> assertThat(Files.size(a)).isLessThan(3_000_000));
        }
        List<String> out = probe("load", archives.toString());
        assertThat(out).contains("plugins 8").noneMatch(l -> l.startsWith("problem"));
        assertThat(value(out, "heap-after-mib")).as("heap in use with the eight archives loaded, MiB").isLessThan(96);
        assertThat(out).contains("retained-after-release 0");
        assertThat(value(out, "heap-after-unload-mib")).as("heap in use once they are unloaded, MiB")
                .isLessThanOrEqualTo(value(out, "heap-before-mib") + 8);
    }

    @Test
    void aBigAssetIsNeverReadPastThePluginMemoryLimit() throws Exception {
        List<String> out = probe("read", archives.resolve("bomb-0.zip").toString());
        assertThat(out).contains("served 0", "refused 64");
        assertThat(out).anySatisfy(l -> assertThat(l).startsWith("refusal ").contains(BigArchives.ASSET)
                .contains(String.valueOf(BigArchives.ASSET_SIZE)).contains(String.valueOf(64L << 20)));
    }

    private static long value(List<String> out, String key) {
        return out.stream().filter(l -> l.startsWith(key + " ")).mapToLong(l -> Long.parseLong(l.substring(key.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + key + " in " + out));
    }

    /** Runs the probe in a fresh JVM with -Xmx1g on this test's own class and module path. */
    private static List<String> probe(String... args) throws Exception {
        String path = Stream.of(System.getProperty("jdk.module.path"), System.getProperty("java.class.path"))
                .filter(p -> p != null && !p.isEmpty()).collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "-cp", path, RetainedMemoryProbe.class.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "probe", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the probe did not end within 10 minutes");
        }
        List<String> out = Files.readAllLines(log);
        System.out.println("probe " + String.join(" ", args) + ":\n  " + String.join("\n  ", out));
        assertThat(process.exitValue()).as("probe exit status; output:\n" + String.join("\n", out)).isZero();
        return out;
    }
}
