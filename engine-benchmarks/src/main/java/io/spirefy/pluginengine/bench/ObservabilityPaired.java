package io.spirefy.pluginengine.bench;

import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Version;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What metrics and payload checks add to the 64 B hook call, measured side by side as
 * {@link Paired} does: metrics on / metrics off (no schema), and a small callSchema and
 * responseSchema checked / the same anchor with checks off (metrics off in both).
 *
 * <p>{@code java [-Dpaired.cpuTime=true] [-Dpaired.control=true] [-Dpaired.offFirst=true] -cp engine-benchmarks/target/benchmarks.jar io.spirefy.pluginengine.bench.ObservabilityPaired [rounds] [sliceMillis] [runtime]}
 */
public final class ObservabilityPaired {

    private static final String HOOK = "bench.echo@1.0.0/echo";
    private static final Map<String, Object> SCHEMA = Map.of("type", "object", "required", List.of("name"),
            "properties", Map.of("name", Map.of("type", "string"), "n", Map.of("type", "integer")));

    /** {@code -Dpaired.control=true}: also compare two engines with metrics off, the bench's own bias. */
    private static final boolean CONTROL = Boolean.getBoolean("paired.control");

    /** {@code -Dpaired.offFirst=true}: the engine with metrics off is made before the one with metrics on. */
    private static final boolean OFF_FIRST = Boolean.getBoolean("paired.offFirst");

    private ObservabilityPaired() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        long sliceNanos = (args.length > 1 ? Long.parseLong(args[1]) : 100) * 1_000_000L;
        byte[] json = json64();
        List<String> runtimes = args.length > 2 ? List.of(args[2]) : List.of("chicory", "extism");
        for (String runtime : runtimes) {
            // Two engines alike differ by a few % in one JVM (see CONTROL), and the sign changes
            // from run to run: so the engine made first alternates between runs (OFF_FIRST).
            PluginEngine first = engine(runtime, b -> b.metrics(!OFF_FIRST), null);
            PluginEngine second = engine(runtime, b -> b.metrics(OFF_FIRST), null);
            try (PluginEngine on = OFF_FIRST ? second : first; PluginEngine off = OFF_FIRST ? first : second) {
                byte[] payload = Guests.payload(64);
                Paired.compare("hook 64 B: metrics on / off", runtime, () -> call(on, payload), () -> call(off, payload),
                        rounds, sliceNanos);
                if (CONTROL) {
                    // The bench's own bias: two engines configured alike should give 1.
                    try (PluginEngine off2 = engine(runtime, b -> b.metrics(false), null)) {
                        Paired.compare("control: metrics off / off (two engines)", runtime, () -> call(off2, payload),
                                () -> call(off, payload), rounds, sliceNanos);
                    }
                }
            }
            try (PluginEngine checked = engine(runtime, b -> b.metrics(false), SCHEMA);
                 PluginEngine unchecked = engine(runtime, b -> b.metrics(false).payloadChecks(false), SCHEMA)) {
                Paired.compare("hook 64 B JSON: schemas checked / not", runtime, () -> call(checked, json),
                        () -> call(unchecked, json), rounds, sliceNanos);
            }
        }
    }

    /** 64 bytes of JSON that the schema accepts. */
    static byte[] json64() {
        String head = "{\"n\":1,\"name\":\"";
        String tail = "\"}";
        byte[] b = (head + "x".repeat(64 - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
        if (b.length != 64) throw new IllegalStateException("payload is " + b.length + " bytes");
        return b;
    }

    private static byte[] call(PluginEngine engine, byte[] payload) {
        return engine.callHook(HOOK, payload);
    }

    /** The echo hook on a host anchor, with {@code schema} as its callSchema and responseSchema (or none). */
    private static PluginEngine engine(String runtime, Consumer<PluginEngine.Builder> setup, Object schema) {
        PluginEngine engine = Engines.engine(runtime, setup);
        Engines.load(engine, "bench.echo.zip", Guests.echoHookPlugin("bench.echo", "echo"));
        engine.declareAnchor(new Anchor("bench.anchor", null, null, Version.of(1, 0, 0), schema, schema));
        engine.start();
        byte[] probe = schema == null ? Guests.payload(64) : json64();
        if (!Arrays.equals(engine.callHook(HOOK, probe), probe)) throw new IllegalStateException("echo did not answer its payload");
        return engine;
    }
}
