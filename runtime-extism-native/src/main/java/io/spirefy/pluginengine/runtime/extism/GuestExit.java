package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmException.Kind;

/**
 * A guest's WASI {@code proc_exit}, thrown by our own {@code proc_exit} so that the call ends there.
 * libextism's own reports a non-zero exit in the very words of a trap (only a backtrace) with the
 * code as return code, which a guest's own error also uses; ours says which it was.
 */
final class GuestExit extends RuntimeException {

    private final int code;

    GuestExit(int code) {
        super("exit code " + code, null, false, false); // no stack: it is only a message on its way to the call
        this.code = code;
    }

    int code() {
        return code;
    }

    /** Exit code 0 ends the call as a success, as under libextism's own {@code proc_exit}. */
    boolean success() {
        return code == 0;
    }

    WasmException toWasmException() {
        // TRAP as on the chicory runtime, where the same exit is a WasiExitException.
        return new WasmException(Kind.TRAP, getMessage());
    }
}
