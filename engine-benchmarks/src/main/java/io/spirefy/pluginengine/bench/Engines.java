package io.spirefy.pluginengine.bench;

import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.EngineReporter;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.core.PluginEngines;

/** Engines for the benchmarks: one runtime by name, and any problem is fatal (a benchmark must not measure a half-loaded setup). */
public final class Engines {

    private Engines() {
    }

    public static PluginEngine engine(String runtime) {
        return PluginEngines.builder().runtime(runtime).reporter(new FailFast()).build();
    }

    public static PluginEngine engine(String runtime, io.spirefy.pluginengine.api.EngineLimits limits) {
        return PluginEngines.builder().runtime(runtime).limits(limits).reporter(new FailFast()).build();
    }

    /** An engine whose builder {@code setup} adjusts first (metrics, payload checks...). */
    public static PluginEngine engine(String runtime, java.util.function.Consumer<PluginEngine.Builder> setup) {
        PluginEngine.Builder b = PluginEngines.builder().runtime(runtime).reporter(new FailFast());
        setup.accept(b);
        return b.build();
    }

    /** The runtime SPI of that name, without an engine: for the benchmarks that measure the runtime alone. */
    public static io.spirefy.pluginengine.api.spi.WasmRuntime runtime(String name) {
        return PluginEngines.runtimes().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no runtime " + name));
    }

    /** Loads an in-memory archive and insists that it registered cleanly. */
    public static void load(PluginEngine engine, String sourceName, byte[] archive) {
        LoadResult r = engine.load(sourceName, archive);
        if (r.loaded().isEmpty() || !r.problems().isEmpty()) {
            throw new IllegalStateException("benchmark plugin " + sourceName + " did not load cleanly: " + r.problems());
        }
    }

    /** Throws on anything the engine reports: the setup is wrong, not the measurement. */
    private static final class FailFast implements EngineReporter {
        @Override
        public void problem(Problem problem) {
            if (problem.severity() == Problem.Severity.ERROR) throw new IllegalStateException("engine problem: " + problem);
        }

        @Override
        public void listenerFailed(String eventId, DeliveryReport.ListenerFailure failure) {
            throw new IllegalStateException("listener " + failure.listenerRef() + " of " + eventId + " failed", failure.error());
        }
    }
}
