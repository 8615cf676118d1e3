package io.spirefy.pluginengine.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One new instance of a plugin: linking, its start section and {@code _initialize}. */
@Name(PluginInstantiateEvent.NAME)
@Label("Plugin Instantiate")
@Category({"PluginEngine"})
@Description("A new instance of a plugin's module")
@StackTrace(false)
public final class PluginInstantiateEvent extends Event {

    public static final String NAME = "io.spirefy.pluginengine.PluginInstantiate";

    @Label("Plugin")
    public String plugin;

    @Label("Succeeded")
    public boolean succeeded;
}
