package io.spirefy.pluginengine.runtime.extism;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libextism is loaded only from where the host or the user said, never from the working directory
 * or its parents: whoever can write there would choose the native code the JVM runs. Each case runs
 * in a child JVM, since the library is looked for once per JVM.
 */
class LibraryLookupTest {

    @TempDir
    static Path dir;
    static Path planted;

    @BeforeAll
    static void plant() throws Exception {
        NativeSupport.runtime();
        // A real libextism, planted where the old lookup searched: the working directory's
        // .libextism/ and a parent's.
        Path real = Path.of(System.getProperty("pluginengine.libextism.path")).resolve("libextism.so");
        planted = dir.resolve("parent/.libextism");
        Files.createDirectories(planted);
        Files.copy(real, planted.resolve("libextism.so"));
        Files.createDirectories(dir.resolve("parent/child/.libextism"));
        Files.copy(real, dir.resolve("parent/child/.libextism/libextism.so"));
    }

    @Test
    void aLibraryInTheWorkingDirectoryOrItsParentsIsNotLoaded() throws Exception {
        String outcome = probe(dir.resolve("parent/child"), null);
        assertThat(outcome).startsWith("UNAVAILABLE").contains("pluginengine.libextism.path", "PLUGINENGINE_LIBEXTISM");
    }

    @Test
    void theLibraryTheUserNamesIsLoaded() throws Exception {
        assertThat(probe(dir.resolve("parent/child"), planted)).isEqualTo("AVAILABLE");
    }

    private static String probe(Path workingDirectory, Path named) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", NativeStackNeedTest.classPath()));
        if (named != null) cmd.add("-Dpluginengine.libextism.path=" + named);
        cmd.add(LookupProbe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDirectory.toFile()).redirectErrorStream(true);
        pb.environment().remove("PLUGINENGINE_LIBEXTISM");
        pb.environment().remove("LD_LIBRARY_PATH");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().reduce("", (a, b) -> b);
    }
}
