package io.spirefy.pluginengine.runtime.extism;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How much Java thread stack one libextism entry needs when the guest recurses until wasmtime
 * stops it, host-function callbacks included: the figure behind
 * {@link ExtismNativeRuntime#CALL_THREAD_STACK_BYTES}. Each try runs in a child JVM, since a
 * stack too small crashes the JVM.
 */
class NativeStackNeedTest {

    @TempDir
    static Path dir;

    static Path wasm;

    @BeforeAll
    static void fixture() throws Exception {
        NativeSupport.runtime();
        wasm = dir.resolve("recursion.wasm");
        Files.write(wasm, Wat.compile(dir, "recursion", Wat.module(ExtismHostileGuestTest.RECURSION, ExtismHostileGuestTest.RECURSION_BODY)));
    }

    /** The probe's last line, or what went wrong: exit code and JNA's complaint. */
    static String probe(String function, long stackBytes) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss1m", "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-XX:-CreateCoredumpOnCrash",
                "-cp", classPath()));
        String lib = System.getProperty("pluginengine.libextism.path");
        if (lib != null) cmd.add("-Dpluginengine.libextism.path=" + lib);
        cmd.addAll(List.of(StackNeedProbe.class.getName(), wasm.toString(), function, Long.toString(stackBytes)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "HUNG";
        }
        String last = out.lines().reduce("", (a, b) -> b);
        if (p.exitValue() != 0) return "EXIT " + p.exitValue() + " " + last;
        if (out.contains("JNA: error handling callback exception")) return "JNA-LOST " + last;
        return last;
    }

    /** Whatever the JVM was started with, as a class path (the child needs no modules). */
    static String classPath() {
        List<String> parts = new ArrayList<>();
        for (String prop : List.of("java.class.path", "jdk.module.path")) {
            String v = System.getProperty(prop);
            if (v != null && !v.isBlank()) parts.add(v);
        }
        return String.join(File.pathSeparator, parts);
    }

    static boolean clean(String outcome) {
        return outcome.startsWith("CLEAN ");
    }

    @Test
    void aFreshThreadOfTheAdvertisedStackSizeTrapsCleanlyOnDeepRecursionWithHostCalls() throws Exception {
        for (String fn : List.of("recurse", "recurse_host")) {
            String outcome = probe(fn, ExtismNativeRuntime.CALL_THREAD_STACK_BYTES);
            assertThat(outcome).as(fn).startsWith("CLEAN TRAP call stack exhausted");
        }
    }

    /** The measurement: the smallest stack, to 16 KiB, at which both kinds of recursion trap cleanly. */
    @Test
    void theAdvertisedStackSizeCoversTheMeasuredNeedWithMargin() throws Exception {
        long lo = 64 * 1024, hi = ExtismNativeRuntime.CALL_THREAD_STACK_BYTES; // lo unclean (assumed), hi clean
        String atLo = probe("recurse_host", lo);
        assertThat(clean(atLo)).as("64 KiB is not enough: " + atLo).isFalse();
        while (hi - lo > 16 * 1024) {
            long mid = (lo + hi) / 2 / 4096 * 4096;
            if (clean(probe("recurse_host", mid)) && clean(probe("recurse", mid))) hi = mid; else lo = mid;
        }
        String below = probe("recurse_host", lo);
        String half = probe("recurse_host", 512 * 1024);
        System.out.printf("[extism-native] one libextism entry with wasm recursion to exhaustion (host calls on every level) "
                + "needs a Java thread stack of %d KiB (%d KiB: %s; 512 KiB: %s)%n", hi / 1024, lo / 1024, below, half);
        assertThat(hi).as("measured need").isLessThanOrEqualTo(ExtismNativeRuntime.CALL_THREAD_STACK_BYTES * 3 / 4);
    }
}
