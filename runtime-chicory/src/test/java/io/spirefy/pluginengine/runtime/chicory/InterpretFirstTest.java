package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.wasm.Parser;
import io.spirefy.pluginengine.api.CodeCache;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.spirefy.pluginengine.runtime.chicory.TestModules.spec;
import static io.spirefy.pluginengine.runtime.chicory.TestModules.text;
import static io.spirefy.pluginengine.runtime.chicory.TestModules.upperCaseTransform;
import static io.spirefy.pluginengine.runtime.chicory.TestModules.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Big modules run their first calls in the interpreter while they compile in the background
 * (ChicoryRuntime, "First calls"): correct answers and the same bounds in both modes, and a switch to
 * compiled code that keeps the instance's state.
 */
class InterpretFirstTest {

    private static final KernelMachines KERNEL = new KernelMachines();

    @TempDir
    Path dir;

    /** The test plugin, compiling in the background only once {@code release} opens. */
    private static ChicoryWasmModule held(CountDownLatch release, boolean waitOnClose) throws WasmException {
        ModuleSpec spec = spec("plugin");
        com.dylibso.chicory.wasm.WasmModule parsed = Parser.parse(spec.wasm());
        BackgroundCompile compile = BackgroundCompile.start("held test plugin", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Machines.compile(parsed, "held test plugin", Set.of());
        });
        return new ChicoryWasmModule(spec, parsed, KERNEL, compile, waitOnClose);
    }

    private static void awaitCompiled(ChicoryWasmModule module) throws InterruptedException {
        for (int i = 0; i < 1000 && !module.compiled(); i++) Thread.sleep(10);
        assertThat(module.compiled()).as("background compile ended").isTrue();
    }

    private static WasmException callFails(WasmInstance instance, String function) {
        return catchThrowableOfType(WasmException.class, () -> instance.call(function, new byte[0]));
    }

    @Test
    void instancesRunInterpretedUntilTheCompileEndsThenSwitchKeepingTheirState() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ChicoryWasmModule module = held(release, false);
             WasmInstance early = module.instantiate(List.of(upperCaseTransform()))) {
            assertThat(((ChicoryInstance) early).runsCompiled()).isFalse();
            assertThat(text(early.call("transform", utf8("abc")))).isEqualTo("ABC");
            assertThat(text(early.call("inits", new byte[0]))).isEqualTo("1");

            release.countDown();
            awaitCompiled(module);
            assertThat(text(early.call("inits", new byte[0]))).as("same globals after the switch").isEqualTo("1");
            assertThat(((ChicoryInstance) early).runsCompiled()).as("switched at its next call").isTrue();
            assertThat(text(early.call("transform", utf8("def")))).isEqualTo("DEF");
            try (WasmInstance late = module.instantiate(List.of(upperCaseTransform()))) {
                assertThat(((ChicoryInstance) late).runsCompiled()).isTrue();
                assertThat(text(late.call("inits", new byte[0]))).isEqualTo("1");
            }
        }
    }

    @Test
    void interpretedInstancesKeepTheirTimeStackAndMemoryBounds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ChicoryWasmModule module = held(release, false)) {
            try (WasmInstance instance = module.instantiate(List.of(upperCaseTransform()))) {
                CompletableFuture<WasmException> spin = CompletableFuture.supplyAsync(() -> callFails(instance, "spin"));
                Thread.sleep(200);
                instance.cancel();
                WasmException cancelled = spin.get(10, TimeUnit.SECONDS);
                assertThat(cancelled.kind()).isEqualTo(Kind.CANCELLED);

                WasmException overflow = callFails(instance, "recurse");
                assertThat(overflow.kind()).isEqualTo(Kind.TRAP);
                assertThat(overflow.getMessage()).isEqualTo("call stack exhausted");
            }
            try (WasmInstance instance = module.instantiate(List.of(upperCaseTransform()))) {
                WasmException refused = callFails(instance, "grow_until_refused");
                assertThat(refused.kind()).isEqualTo(Kind.MEMORY_LIMIT);
                assertThat(refused.getMessage()).contains("memory limit of 4 pages");
                assertThat(((ChicoryInstance) instance).runsCompiled()).as("all of this ran interpreted").isFalse();
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void closeWaitsForTheCompileOnlyWhenItsClassesGoToACache() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        held(release, false).close(); // returns at once although the compile cannot end yet

        ChicoryWasmModule cached = held(release, true);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(cached::close);
        Thread.sleep(300);
        assertThat(closing).as("close waits for the compile").isNotDone();
        release.countDown();
        closing.get(30, TimeUnit.SECONDS);
        assertThat(cached.compiled()).isTrue();
    }

    @Test
    void aBigModuleIsCompiledInTheBackgroundIntoTheCacheAndTheNextRuntimeLoadsIt() throws WasmException {
        ChicoryRuntime first = new ChicoryRuntime(CompileBounds.DEFAULT, 0);
        first.useCodeCache(CodeCache.at(dir.resolve("cache")), message -> { });
        WasmModule module = first.compile(spec("plugin"));
        try (WasmInstance instance = module.instantiate(List.of(upperCaseTransform()))) {
            assertThat(text(instance.call("transform", utf8("abc")))).isEqualTo("ABC");
        }
        module.close(); // waits: the entry is written when it returns
        assertThat(first.codeCache().writes()).as("the kernel and the plugin").isEqualTo(2);

        ChicoryRuntime second = new ChicoryRuntime(CompileBounds.DEFAULT, 0);
        second.useCodeCache(CodeCache.at(dir.resolve("cache")), message -> { });
        try (WasmModule warm = second.compile(spec("plugin"));
             WasmInstance instance = warm.instantiate(List.of(upperCaseTransform()))) {
            assertThat(((ChicoryInstance) instance).runsCompiled()).as("a hit is compiled at once").isTrue();
            assertThat(second.codeCache().hits()).isEqualTo(2);
        }
    }
}
