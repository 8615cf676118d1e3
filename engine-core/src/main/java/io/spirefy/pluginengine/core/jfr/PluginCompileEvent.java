package io.spirefy.pluginengine.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The compilation of one plugin's module by its runtime. */
@Name(PluginCompileEvent.NAME)
@Label("Plugin Compile")
@Category({"PluginEngine"})
@Description("A WebAssembly module compiled by the engine's runtime")
@StackTrace(false)
public final class PluginCompileEvent extends Event {

    public static final String NAME = "io.spirefy.pluginengine.PluginCompile";

    @Label("Plugin")
    public String plugin;

    @Label("Runtime")
    public String runtime;

    @Label("Module Size")
    @jdk.jfr.DataAmount
    public long moduleBytes;

    @Label("Succeeded")
    public boolean succeeded;
}
