package io.spirefy.pluginengine.core;

import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.spi.WasmRuntime;
import io.spirefy.pluginengine.core.engine.EngineBuilder;

import java.util.List;

/** Where a host application gets an engine: {@code PluginEngines.builder().build()}. */
public final class PluginEngines {

    private PluginEngines() {
    }

    /**
     * A builder with the defaults of the contract; runtimes and manifest formats come from ServiceLoader.
     *
     * @return a new builder
     */
    public static PluginEngine.Builder builder() {
        return new EngineBuilder();
    }

    /**
     * The runtimes found through ServiceLoader, usable here or not (see {@link WasmRuntime#unavailableReason()}):
     * for a host that lets its user choose, or reports why none can run.
     *
     * @return the runtimes, in no particular order
     */

    public static List<WasmRuntime> runtimes() {
        return EngineBuilder.availableRuntimes();
    }
}
