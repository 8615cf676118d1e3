package io.spirefy.pluginengine.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One call of a plugin export (a host call, a hook, a listener, a nested call), for profilers.
 * Disabled (the default outside a recording) it costs a check the JIT folds away.
 */
@Name(PluginCallEvent.NAME)
@Label("Plugin Call")
@Category({"PluginEngine"})
@Description("A call of one exported function of a WebAssembly plugin")
@StackTrace(false)
public final class PluginCallEvent extends Event {

    public static final String NAME = "io.spirefy.pluginengine.PluginCall";

    @Label("Plugin")
    @Description("id@version")
    public String plugin;

    @Label("Function")
    public String function;

    @Label("Caller")
    @Description("host: started by the host application; plugin: made from inside another plugin's call")
    public String caller;

    @Label("Depth")
    @Description("1 for a call the host starts, one more for each nested call")
    public int depth;

    @Label("Outcome")
    @Description("OK, or the CallFailure kind")
    public String outcome;

    @Label("Trace ID")
    @Description("The W3C trace id of the traceparent the host passed with the call tree, or null")
    public String traceId;
}
