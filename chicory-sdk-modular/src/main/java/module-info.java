/**
 * The Extism chicory-sdk (org.extism.sdk:chicory-sdk-core and http-api, version 0.3.0), unchanged,
 * with this descriptor added. Upstream ships no descriptor, so its jars are automatic modules, which
 * jlink refuses and which do not pull the Chicory modules they use into the module graph.
 *
 * <p>The Chicory types appear in the SDK's API ({@code Plugin}, {@code HostFunction}, WASI options),
 * hence {@code requires transitive}; the compiler is used only inside.
 */
module org.extism.sdk.chicory {
    requires transitive com.dylibso.chicory.runtime;
    requires transitive com.dylibso.chicory.wasm;
    requires transitive com.dylibso.chicory.wasi;
    requires transitive com.dylibso.chicory.log;
    requires transitive java.logging;
    requires com.dylibso.chicory.compiler;

    exports org.extism.sdk.chicory;
    exports org.extism.sdk.chicory.http;
}
