package io.spirefy.pluginengine.runtime.extism;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libextism is loaded only from where the host or the user said, or from the libextism-&lt;platform&gt;
 * artifact through a verified private copy; never from the working directory or its parents:
 * whoever can write there would choose the native code the JVM runs. Each case runs in a child
 * JVM, since the library is looked for once per JVM.
 */
class LibraryLookupTest {

    @TempDir
    static Path dir;
    static Path real;
    static Path planted;
    /** A folder laid out like the libextism-linux-x86_64 jar, to put on the child's class path. */
    static Path artifact;
    static String digest;

    @BeforeAll
    static void plant() throws Exception {
        NativeSupport.runtime();
        real = Path.of(System.getProperty("pluginengine.libextism.path")).resolve("libextism.so");
        digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(real)));
        // A real libextism, planted where the old lookup searched: the working directory's
        // .libextism/ and a parent's.
        planted = dir.resolve("parent/.libextism");
        Files.createDirectories(planted);
        Files.copy(real, planted.resolve("libextism.so"));
        Files.createDirectories(dir.resolve("parent/child/.libextism"));
        Files.copy(real, dir.resolve("parent/child/.libextism/libextism.so"));
        artifact = dir.resolve("artifact");
        Files.createDirectories(artifact.resolve("META-INF/native/linux-x86_64"));
        Files.copy(real, artifact.resolve("META-INF/native/linux-x86_64/libextism.so"));
    }

    @Test
    void aLibraryInTheWorkingDirectoryOrItsParentsIsNotLoaded() throws Exception {
        String outcome = probe(dir.resolve("parent/child"), null, null, null);
        assertThat(outcome).startsWith("UNAVAILABLE").contains("pluginengine.libextism.path", "PLUGINENGINE_LIBEXTISM");
    }

    @Test
    void theLibraryTheUserNamesIsLoaded() throws Exception {
        assertThat(probe(dir.resolve("parent/child"), planted, null, null)).isEqualTo("AVAILABLE");
    }

    @Test
    void theArtifactIsUsedWhenNothingIsNamedThroughAPrivateVerifiedCopy() throws Exception {
        Path cache = dir.resolve("cache-fresh");
        List<String> out = run(dir.resolve("parent/child"), null, artifact, cache);
        assertThat(last(out)).isEqualTo("AVAILABLE");
        Path copy = cache.resolve("libextism-" + digest + ".so");
        assertThat(out).contains("FROM libextism 1.41.0 from " + copy);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");
        // Nothing else was left behind (no temporary file).
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files).containsExactly(copy);
        }
    }

    @Test
    void theLibraryTheUserNamesWinsOverTheArtifact() throws Exception {
        Path cache = dir.resolve("cache-unused");
        List<String> out = run(dir.resolve("parent/child"), planted, artifact, cache);
        assertThat(out).contains("FROM libextism 1.41.0 from " + planted.resolve("libextism.so"));
        assertThat(cache).doesNotExist();
    }

    @Test
    void aTamperedExtractedFileIsReplacedNotLoaded() throws Exception {
        Path cache = dir.resolve("cache-tampered");
        Files.createDirectories(cache, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path copy = cache.resolve("libextism-" + digest + ".so");
        Files.copy(real, copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        // Still a loadable library (the loader ignores trailing bytes), but not the one pinned.
        Files.write(copy, new byte[] {42}, StandardOpenOption.APPEND);

        assertThat(last(run(dir.resolve("parent/child"), null, artifact, cache))).isEqualTo("AVAILABLE");
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(copy))))
                .isEqualTo(digest);
    }

    @Test
    void anArtifactCarryingAnotherLibraryIsRefused() throws Exception {
        Path other = dir.resolve("artifact-other");
        Files.createDirectories(other.resolve("META-INF/native/linux-x86_64"));
        Path lib = other.resolve("META-INF/native/linux-x86_64/libextism.so");
        Files.copy(real, lib);
        Files.write(lib, new byte[] {42}, StandardOpenOption.APPEND);
        Path cache = dir.resolve("cache-other");

        String outcome = last(run(dir.resolve("parent/child"), null, other, cache));
        assertThat(outcome).startsWith("UNAVAILABLE").contains("refused", "this runtime accepts only " + digest);
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aCacheFolderOthersCanWriteIsRefused() throws Exception {
        Path cache = dir.resolve("cache-shared");
        Files.createDirectories(cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        String outcome = last(run(dir.resolve("parent/child"), null, artifact, cache));
        assertThat(outcome).startsWith("UNAVAILABLE").contains("is not private to this user");
    }

    @Test
    void aRelativeCacheFolderIsRefusedAndTheWorkingDirectoryStaysUntouched() throws Exception {
        Path work = dir.resolve("work-relative");
        Files.createDirectories(work);
        String outcome = last(run(work, null, artifact, Path.of("cache")));
        assertThat(outcome).startsWith("UNAVAILABLE").contains("is not an absolute path");
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files).isEmpty();
        }
    }

    private static String probe(Path workingDirectory, Path named, Path artifactRoot, Path cache) throws Exception {
        return last(run(workingDirectory, named, artifactRoot, cache));
    }

    private static String last(List<String> lines) {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static List<String> run(Path workingDirectory, Path named, Path artifactRoot, Path cache) throws Exception {
        String cp = NativeStackNeedTest.classPath();
        if (artifactRoot != null) cp = cp + File.pathSeparator + artifactRoot;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp));
        if (named != null) cmd.add("-Dpluginengine.libextism.path=" + named);
        // Always a folder of the test's, so that no test writes into the real user cache.
        cmd.add("-Dpluginengine.libextism.cache=" + (cache != null ? cache : dir.resolve("cache-default")));
        cmd.add(LookupProbe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDirectory.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("PLUGINENGINE_LIBEXTISM");
        env.remove("LD_LIBRARY_PATH");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().toList();
    }
}
