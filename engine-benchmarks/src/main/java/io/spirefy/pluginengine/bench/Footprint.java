package io.spirefy.pluginengine.bench;

import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.api.spi.WasmRuntime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * 6. Memory per idle instance: retained heap (used heap after full GCs) and process RSS, measured
 * before and after creating K of them, divided by K.
 * <ul>
 *   <li>{@code instance}: K instances of one compiled module through our runtime (what each extra
 *       pooled instance of a plugin costs);</li>
 *   <li>{@code plugin}: K plugins (one module, K manifests, {@code loadOnStart}) started with one idle
 *       instance each (what each extra small plugin costs: its entry, compiled module and instance).</li>
 * </ul>
 * Run in a fresh JVM per runtime:
 * {@code java -cp engine-benchmarks/target/benchmarks.jar io.spirefy.pluginengine.bench.Footprint chicory 200}.
 * RSS also counts native memory (libextism's instances live there, not on the heap).
 */
public final class Footprint {

    private Footprint() {
    }

    public static void main(String[] args) throws Exception {
        String runtime = args.length > 0 ? args[0] : "chicory";
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        byte[] wasm = Guests.wasm(Guests.ECHO);
        byte[] payload = Guests.payload(64);

        // Warm up everything once (classes, kernel compilation, libextism) so the first delta does not carry it.
        WasmRuntime wasmRuntime = Engines.runtime(runtime);
        try (WasmModule warm = wasmRuntime.compile(new ModuleSpec("warm", wasm, 1024))) {
            WasmInstance i = warm.instantiate(List.of());
            i.call("echo", payload);
            i.close();
        }
        try (PluginEngine e = startPlugins(runtime, 2, payload)) {
            e.plugins();
        }

        // Instances of one module.
        WasmModule module = wasmRuntime.compile(new ModuleSpec("bench.echo@1.0.0", wasm, 1024));
        Sample before = Sample.take();
        List<WasmInstance> instances = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            WasmInstance instance = module.instantiate(List.of());
            instance.call("echo", payload); // touched once, then idle, as a pooled instance is
            instances.add(instance);
        }
        Sample after = Sample.take();
        report(runtime, "instance", k, before, after);
        instances.forEach(WasmInstance::close);
        instances.clear();
        module.close();

        // Plugins, each started with one idle instance.
        before = Sample.take();
        PluginEngine engine = startPlugins(runtime, k, payload);
        after = Sample.take();
        report(runtime, "plugin", k, before, after);
        if (engine.plugins().size() != k) throw new IllegalStateException("not all plugins loaded");
        engine.close();
    }

    private static PluginEngine startPlugins(String runtime, int k, byte[] payload) {
        PluginEngine engine = Engines.engine(runtime);
        engine.declareAnchor(Anchor.of("bench.anchor", Version.of(1, 0, 0)));
        for (int i = 0; i < k; i++) {
            byte[] archive = Guests.archive("id: bench.idle" + i + "\nversion: 1.0.0\nloadOnStart: true\nwasm: " + Guests.ECHO + ".wasm\n"
                    + "hooks:\n  - id: h\n    anchorId: bench.anchor\n    anchorVersion: 1.0.0\n    func: echo\n", Guests.ECHO);
            Engines.load(engine, "bench.idle" + i + ".zip", archive);
        }
        engine.start();
        for (int i = 0; i < k; i++) engine.callHook("bench.idle" + i + "@1.0.0/h", payload);
        return engine;
    }

    private static void report(String runtime, String what, int k, Sample before, Sample after) {
        System.out.printf("footprint runtime=%s per=%s k=%d heap=%.1f KiB rss=%.1f KiB (heap %d -> %d MiB, rss %d -> %d MiB)%n",
                runtime, what, k, (after.heap - before.heap) / 1024.0 / k, (after.rss - before.rss) / 1024.0 / k,
                before.heap >> 20, after.heap >> 20, before.rss >> 20, after.rss >> 20);
    }

    private record Sample(long heap, long rss) {
        static Sample take() throws IOException, InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(100);
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new Sample(heap, rssBytes());
        }
    }

    private static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
