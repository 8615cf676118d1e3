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
        ExtismNativeRuntime runtime = NativeSupport.runtime();
        byte[] wasm = Wat.compile(dir, "echo", Wat.module("", """
                (func (export "echo") (result i32)
                  (call $output_block (call $input_block))
                  (i32.const 0))
                """));
        try (WasmModule module = runtime.compile(ExtismNativeRuntimeTest.spec("timer", wasm));
             WasmInstance instance = module.instantiate(List.of())) {
            assertThat(new String(instance.call("echo", "x".getBytes(UTF_8)), UTF_8)).isEqualTo("x");
        }
        List<String> timers = threadsNamed(TimerThread.THREAD_NAME);
        assertThat(timers).as("threads named " + TimerThread.THREAD_NAME).hasSize(1);
        assertThat(policy(timers.get(0))).as("scheduling policy (3: SCHED_BATCH)").isEqualTo(3);
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
