package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.core.jfr.FlightRecording;
import io.spirefy.pluginengine.core.jfr.PluginCompileEvent;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.api.spi.WasmRuntime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Compiles each plugin's module once, with the runtime the engine chose, and frees it when the plugin goes. */
final class Modules {

    private final WasmRuntime runtime;
    private final String noRuntimeReason;
    private final EngineLimits limits;

    /** @param runtime null when none is usable, then {@code noRuntimeReason} says why */
    Modules(WasmRuntime runtime, String noRuntimeReason, EngineLimits limits) {
        this.runtime = runtime;
        this.noRuntimeReason = noRuntimeReason;
        this.limits = limits;
    }

    /** Why no runtime can compile modules here, or null when one can. */
    String noRuntimeReason() {
        return runtime == null ? noRuntimeReason : null;
    }

    String runtimeName() {
        return runtime == null ? "none" : runtime.name();
    }

    /**
     * The plugin's compiled module, compiled now on first use.
     *
     * @param waiting the frame of the call waiting for it, or null: its call tree's deadline is
     *                moved by the time compiling took, since compiling has a timeout of its own
     * @throws PluginCallException of kind INSTANTIATION when it does not compile: the module's own
     *                             fault, for which the caller fails the plugin
     */
    WasmModule compiled(PluginEntry entry, CallFrame waiting) {
        synchronized (entry) {
            WasmModule module = entry.module();
            if (module != null) return module;
            if (runtime == null) {
                throw new PluginCallException(CallFailure.INSTANTIATION, entry.ref(), null, noRuntimeReason);
            }
            long compileStart = System.nanoTime();
            PluginCompileEvent event = FlightRecording.possible() ? new PluginCompileEvent() : null;
            if (event != null) event.begin();
            try {
                module = runtime.compile(new ModuleSpec(entry.ref(), entry.wasm, limits.maxMemoryPages(), limits.compileTimeout()));
                if (event != null) event.succeeded = true;
                entry.module(module);
                entry.stats.compiled(System.nanoTime() - compileStart);
                if (waiting != null) waiting.extendDeadline(System.nanoTime() - compileStart);
                return module;
            } catch (Throwable e) {
                // Whatever the compiler throws, an Error included, is this module's failure.
                String message = "the module could not be compiled by runtime " + runtime.name() + ": "
                        + (e instanceof WasmException ? e.getMessage() : String.valueOf(e));
                throw new PluginCallException(CallFailure.INSTANTIATION, entry.ref(), null, message, e);
            } finally {
                if (event != null && event.shouldCommit()) {
                    event.plugin = entry.ref();
                    event.runtime = runtime.name();
                    event.moduleBytes = entry.wasm.length;
                    event.commit();
                }
            }
        }
    }

    /**
     * Compiles these plugins' modules on all cores. Compiling is most of a plugin's first call on
     * Chicory (about half of loading 100 plugins and calling each once in a fresh JVM) and modules
     * compile independently; the instances are still made on first use (or at start with
     * {@code loadOnStart}), as the contract says.
     *
     * <p>One thread more than cores, biggest module first: one module's compile cannot be split, so
     * with a thread per core (a parallel stream) the module started last compiled alone at the end
     * while the other cores idled (3 Go modules on 2 cores: the third began when the first ended).
     * With one more thread the cores are shared until the last compile ends.
     *
     * @return the plugins whose module did not compile, with why
     */
    Map<PluginEntry, String> precompile(List<PluginEntry> entries) {
        Map<PluginEntry, String> failed = new ConcurrentHashMap<>();
        if (runtime == null || entries.size() < 2) return failed;
        Queue<PluginEntry> queue = new ConcurrentLinkedQueue<>(entries.stream()
                .sorted(Comparator.comparingInt((PluginEntry e) -> e.wasm.length).reversed()).toList());
        Runnable worker = () -> {
            for (PluginEntry entry; (entry = queue.poll()) != null; ) {
                try {
                    compiled(entry, null);
                } catch (PluginCallException e) {
                    failed.put(entry, e.detail());
                }
            }
        };
        int threads = Math.min(entries.size(), Runtime.getRuntime().availableProcessors() + 1);
        List<Thread> helpers = new ArrayList<>();
        for (int i = 1; i < threads; i++) {
            Thread helper = new Thread(worker, "pluginengine-precompile-" + i);
            helper.setDaemon(true);
            helper.start();
            helpers.add(helper);
        }
        worker.run();
        for (Thread helper : helpers) {
            boolean interrupted = false;
            while (true) {
                try {
                    helper.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the compiles are bounded by their timeout: wait for them
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        return failed;
    }

    /** Frees the plugin's compiled module, if any. */
    void release(PluginEntry entry) {
        WasmModule module = entry.module();
        entry.module(null);
        if (module != null) module.close();
    }
}
