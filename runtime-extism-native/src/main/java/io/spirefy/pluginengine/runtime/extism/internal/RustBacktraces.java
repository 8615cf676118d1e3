package io.spirefy.pluginengine.runtime.extism.internal;

/**
 * Keeps libextism from walking the native stack on every plugin call.
 *
 * <p>After each call libextism 1.41 asks wasmtime for the store's fuel; with no fuel configured
 * (the engine times calls instead) wasmtime answers with an error, which libextism drops unseen.
 * wasmtime builds that error with Rust's {@code Backtrace::capture()}, and where
 * {@code RUST_BACKTRACE=1} is in the environment (common on developer machines and CI) each capture
 * unwinds the whole stack: 64,000 instructions per 64 B call instead of 25,700 (callgrind of
 * libextism alone, docs/PERFORMANCE.md, "The native call path"), half the call's time.
 *
 * <p>{@code RUST_LIB_BACKTRACE} decides for library backtraces ahead of {@code RUST_BACKTRACE}
 * (a panic still prints its backtrace), and Rust reads it once, at the library's first capture.
 * So it is set to {@code 0} before libextism is loaded, unless the host set it itself, which
 * keeps the host's choice. libextism's error texts never carry a backtrace (they are the errors'
 * display form), so nothing a caller sees changes.
 */
final class RustBacktraces {

    static final String VARIABLE = "RUST_LIB_BACKTRACE";

    private RustBacktraces() {
    }

    /** Before libextism's first call. */
    static void offUnlessTheHostChose() {
        if (System.getenv(VARIABLE) != null) return;
        try {
            ProcessEnvironment.setIfAbsent(VARIABLE, "0");
        } catch (RuntimeException | LinkageError e) {
            // Only slower calls: never a reason not to load the runtime.
            System.getLogger("io.spirefy.pluginengine.runtime.extism")
                    .log(System.Logger.Level.DEBUG, "could not set " + VARIABLE + " (libextism calls stay slower)", e);
        }
    }
}
