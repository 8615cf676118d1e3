package io.spirefy.pluginengine.runtime.extism;

import com.sun.jna.Platform;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.runtime.extism.internal.TimerThread;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * libextism's timer thread must not preempt the threads calling plugins (TimerThread): once this
 * runtime has instantiated a module, the process has one thread named after it, and it runs under
 * SCHED_BATCH. (If the Extism Java SDK instantiated first in the same JVM, libextism's timer is
 * the SDK's and this fails: no test of this module uses that SDK.)
 */
class TimerThreadTest {

    @TempDir
    Path dir;

    @Test
    void libextismsTimerThreadIsNamedAndRunsUnderSchedBatch() throws Exception {
        Assumptions.assumeTrue(Platform.isLinux(), "scheduling policies are Linux's");
        try (WasmModule module = echoModule("timer");
             WasmInstance instance = module.instantiate(List.of())) {
            assertEchoes(instance);
        }
        List<String> timers = threadsNamed(TimerThread.THREAD_NAME);
        assertThat(timers).as("threads named " + TimerThread.THREAD_NAME).hasSize(1);
        assertThat(policy(timers.get(0))).as("scheduling policy (3: SCHED_BATCH)").isEqualTo(3);
    }

    /**
     * Its two messages per call must not wake it across cores (TimerThread, "On the callers' core"):
     * once calls have been made, it may run on one core only, a core this process may use.
     */
    @Test
    void libextismsTimerThreadIsMovedOntoTheCallersCore() throws Exception {
        Assumptions.assumeTrue(Platform.isLinux(), "thread affinity is Linux's");
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one core: nowhere else to run");
        try (WasmModule module = echoModule("timer-core");
             WasmInstance instance = module.instantiate(List.of())) {
            for (int i = 0; i < 5; i++) {
                assertEchoes(instance);
                Thread.sleep(2 * TimerThread.FOLLOW_MILLIS); // the next call checks its core again
            }
        }
        List<String> timers = threadsNamed(TimerThread.THREAD_NAME);
        assertThat(timers).as("threads named " + TimerThread.THREAD_NAME).hasSize(1);
        String allowed = cpusAllowed(timers.get(0));
        assertThat(allowed).as("cores the timer thread may run on").matches("[0-9]+");
        assertThat(cpusAllowed("self")).as("this thread's cores, where the calls ran").isNotEqualTo(allowed);
    }

    private WasmModule echoModule(String name) {
        byte[] wasm = Wat.compile(dir, name, Wat.module("", """
                (func (export "echo") (result i32)
                  (call $output_block (call $input_block))
                  (i32.const 0))
                """));
        return NativeSupport.runtime().compile(ExtismNativeRuntimeTest.spec(name, wasm));
    }

    private static void assertEchoes(WasmInstance instance) {
        assertThat(new String(instance.call("echo", "x".getBytes(UTF_8)), UTF_8)).isEqualTo("x");
    }

    /** Cpus_allowed_list of /proc/self/task/[tid]/status (or of this thread, for "self"). */
    private static String cpusAllowed(String tid) throws IOException {
        Path status = tid.equals("self") ? Paths.get("/proc/thread-self/status") : Paths.get("/proc/self/task", tid, "status");
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("Cpus_allowed_list:")) return line.substring(line.indexOf(':') + 1).strip();
        }
        throw new IllegalStateException("no Cpus_allowed_list in " + status);
    }

    private static List<String> threadsNamed(String name) throws IOException {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(name)) found.add(task.getFileName().toString());
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        }
        return found;
    }

    /** Field 41 of /proc/[tid]/stat; the fields after the name (which may hold spaces) start at 3. */
    private static int policy(String tid) throws IOException {
        String stat = Files.readString(Paths.get("/proc/self/task", tid, "stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(after[41 - 3]);
    }
}
