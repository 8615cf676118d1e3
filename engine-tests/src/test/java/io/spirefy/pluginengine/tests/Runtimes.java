package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.spi.WasmRuntime;
import io.spirefy.pluginengine.core.PluginEngines;
import org.junit.jupiter.api.Assumptions;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The runtimes every end-to-end test runs on. A runtime that cannot run here (libextism missing)
 * is skipped locally, but fails the run when {@code pluginengine.requireNative=true} (or env
 * {@code PLUGINENGINE_REQUIRE_NATIVE=true}), as CI sets it, so the native half can never be
 * silently skipped there.
 */
final class Runtimes {

    static final String CHICORY = "chicory";
    static final String EXTISM = "extism";

    private Runtimes() {
    }

    /**
     * The argument source of every runtime-parameterized test: both, or those system property
     * {@value #ONLY} names (comma-separated), as the second run on a JDK 22+ does to test extism's
     * foreign-function binding without running chicory twice.
     */
    static Stream<String> names() {
        String only = System.getProperty(ONLY, "").strip();
        if (only.isEmpty()) return Stream.of(CHICORY, EXTISM);
        List<String> named = List.of(only.split("\\s*,\\s*"));
        return Stream.of(CHICORY, EXTISM).filter(named::contains);
    }

    static final String ONLY = "pluginengine.tests.runtimes";

    /** Skips (locally) or fails (CI) when the runtime cannot run here. */
    static void requireAvailable(String name) {
        Optional<WasmRuntime> runtime = PluginEngines.runtimes().stream().filter(r -> r.name().equals(name)).findFirst();
        if (runtime.isEmpty()) {
            // Both runtimes are test dependencies: not finding one is a packaging bug, never a skip.
            throw new AssertionError("runtime " + name + " was not found through ServiceLoader; found "
                    + PluginEngines.runtimes().stream().map(WasmRuntime::name).toList());
        }
        String why = runtime.get().unavailableReason().orElse(null);
        if (why == null) return;
        if (nativeRequired()) {
            throw new AssertionError("runtime " + name + " is required here (pluginengine.requireNative) but cannot run: " + why);
        }
        Assumptions.abort("runtime " + name + " skipped: " + why);
    }

    private static boolean nativeRequired() {
        return Boolean.getBoolean("pluginengine.requireNative")
                || "true".equalsIgnoreCase(System.getenv("PLUGINENGINE_REQUIRE_NATIVE"));
    }
}
