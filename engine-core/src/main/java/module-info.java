/**
 * The engine: archive reading, the registry and version resolution, host functions, the event
 * bus and plugin lifecycle. Hosts obtain it through {@link io.spirefy.pluginengine.core.PluginEngines};
 * everything else stays inside the module behind the engine-api types.
 */
module io.spirefy.pluginengine.core {
    requires transitive io.spirefy.pluginengine.api;
    requires com.fasterxml.jackson.databind;
    // Only for GenerateFromTemplate, and only statically: its commons-lang3 requires java.desktop
    // (+27 MB in a host image). A host that grants "templates" adds this module (--add-modules).
    requires static com.github.jknack.handlebars;
    requires com.networknt.schema;
    // The validator checks "format": "date-time" with it but requires it only statically: without
    // this, a module graph (a jlink image above all) would lack it at the first such payload.
    requires com.ethlo.time;
    // Flight-recorder events of plugin calls, compiles and instantiations (free without a recording).
    requires jdk.jfr;
    // Optional: on JDK 17-21 the stack probe (core.stack) reaches the C library through JNA where
    // the host has it (the extism runtime brings it); without it, plain threads are not measured.
    requires static com.sun.jna;
    // JNA binds the probe's C functions to a class of that package by reflection (direct mapping).
    opens io.spirefy.pluginengine.core.stack to com.sun.jna;

    exports io.spirefy.pluginengine.core;

    uses io.spirefy.pluginengine.api.spi.ManifestFormat;
    uses io.spirefy.pluginengine.api.spi.WasmRuntime;
}
