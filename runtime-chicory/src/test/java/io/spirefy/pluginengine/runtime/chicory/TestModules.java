package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.ValueType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test modules, written as WAT under src/test/resources/wat and turned into wasm in pure Java by
 * Chicory's wabt 1.0.0 (wat2wasm compiled to JVM bytecode): no wabt binary needed on the machine.
 */
final class TestModules {

    static final String PLUGIN_ENGINE_NAMESPACE = "extism:host/pluginengine";
    static final int MAX_PAGES = 4;

    private static final Map<String, byte[]> WASM = new ConcurrentHashMap<>();

    private TestModules() {
    }

    /** The wasm bytes of {@code wat/<name>.wat}, converted once per test run. */
    static byte[] wasm(String name) {
        return WASM.computeIfAbsent(name, n -> Wat2Wasm.parse(wat(n))).clone();
    }

    static ModuleSpec spec(String name) {
        return new ModuleSpec("test." + name + "@1.0.0", wasm(name), MAX_PAGES);
    }

    private static String wat(String name) {
        String path = "/wat/" + name + ".wat";
        try (InputStream in = TestModules.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The plugin's one import from the engine: upper-cases the block it is given, via read and write. */
    static HostFunction upperCaseTransform() {
        return transform((ctx, args) -> {
            String text = ctx.readString(args[0]);
            return new long[] {ctx.writeString(text.toUpperCase(Locale.ROOT))};
        });
    }

    static HostFunction transform(HostFunction.Body body) {
        return new HostFunction(PLUGIN_ENGINE_NAMESPACE, "Transform", List.of(ValueType.I64), List.of(ValueType.I64), body);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
