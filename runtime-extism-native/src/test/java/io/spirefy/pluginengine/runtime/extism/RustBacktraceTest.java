package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.runtime.extism.internal.TestEnvironment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libextism must not capture a Rust backtrace on every call (RustBacktraces): once the runtime has
 * loaded it, library backtraces are off in the process unless the host chose otherwise.
 */
class RustBacktraceTest {

    @Test
    void libraryBacktracesAreOffOnceLibextismIsLoadedUnlessTheHostSetThem() {
        NativeSupport.runtime(); // loads libextism
        String hostChoice = System.getenv("RUST_LIB_BACKTRACE"); // the JVM's copy: the environment it started with
        if (hostChoice == null) {
            assertThat(TestEnvironment.get("RUST_LIB_BACKTRACE")).isEqualTo("0");
        } else {
            assertThat(TestEnvironment.get("RUST_LIB_BACKTRACE")).isEqualTo(hostChoice);
        }
    }
}
