package io.spirefy.pluginengine.runtime.extism;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests need libextism: without it they are skipped, unless the system property
 * {@code pluginengine.requireNative=true} or the environment variable
 * {@code PLUGINENGINE_REQUIRE_NATIVE=true} is set (CI), which makes its absence a failure.
 */
final class NativeSupport {

    private NativeSupport() {}

    static ExtismNativeRuntime runtime() {
        ExtismNativeRuntime runtime = new ExtismNativeRuntime();
        runtime.unavailableReason().ifPresent(reason -> {
            if (required()) Assertions.fail("libextism is required (pluginengine.requireNative) but: " + reason);
            Assumptions.abort(reason);
        });
        return runtime;
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getProperty("pluginengine.requireNative"))
                || "true".equalsIgnoreCase(System.getenv("PLUGINENGINE_REQUIRE_NATIVE"));
    }
}
