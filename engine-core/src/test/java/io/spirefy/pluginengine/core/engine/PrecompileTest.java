package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.api.spi.Cancellation;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.api.spi.WasmRuntime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** engine.start()'s compile of every module: each once, biggest first, side by side, failures kept. */
class PrecompileTest {

    /** Compiles take a moment each, so that the threads overlap; {@code fail} names a module that does not compile. */
    private static final class SlowRuntime implements WasmRuntime {
        final List<String> started = new CopyOnWriteArrayList<>();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final String fail;

        SlowRuntime(String fail) {
            this.fail = fail;
        }

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Optional<String> unavailableReason() {
            return Optional.empty();
        }

        @Override
        public WasmModule compile(ModuleSpec spec) throws WasmException {
            started.add(spec.name());
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            if (spec.name().equals(fail)) throw new WasmException(WasmException.Kind.LINK, "broken on purpose");
            return new WasmModule() {
                @Override
                public WasmInstance instantiate(List<HostFunction> hostFunctions, Cancellation cancellation) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private static PluginEntry entry(String id, int wasmBytes) {
        return new PluginEntry(new PluginDescriptor(id, null, Version.of(1, 0, 0), null, null, null, false,
                List.of(), List.of(), List.of(), List.of(), List.of()), "test", null, new byte[wasmBytes], 1);
    }

    @Test
    void compilesEachModuleOnceBiggestFirstSideBySideAndKeepsFailures() {
        List<PluginEntry> entries = new ArrayList<>();
        int count = Runtime.getRuntime().availableProcessors() + 3;
        for (int i = 0; i < count; i++) entries.add(entry("test.m" + i, 10 + i));
        SlowRuntime runtime = new SlowRuntime(entries.get(1).ref());
        Modules modules = new Modules(runtime, null, EngineLimits.DEFAULTS);

        Map<PluginEntry, String> failed = modules.precompile(entries);

        assertThat(runtime.started).hasSize(count).doesNotHaveDuplicates();
        // The biggest modules begin first: the biggest is never the one left compiling alone at the end.
        int threads = Runtime.getRuntime().availableProcessors() + 1;
        assertThat(runtime.started.subList(0, threads)).containsExactlyInAnyOrderElementsOf(
                entries.subList(count - threads, count).stream().map(PluginEntry::ref).toList());
        // One thread more than cores (several compiles at once even on one core).
        assertThat(runtime.mostAtOnce.get()).isEqualTo(threads);
        assertThat(failed).containsOnlyKeys(entries.get(1));
        assertThat(failed.get(entries.get(1))).contains("broken on purpose");
        for (PluginEntry e : entries) {
            assertThat(e.module() != null).as(e.ref()).isEqualTo(e != entries.get(1));
        }
    }
}
