package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.wasi.WasiOptions;
import io.spirefy.pluginengine.api.spi.GuestOutput;
import org.extism.sdk.chicory.CurrentPlugin;
import org.extism.sdk.chicory.ExtismHostFunction;
import org.extism.sdk.chicory.ExtismValType;
import org.extism.sdk.chicory.ExtismValueList;

import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Routes one instance's guest output to the engine's {@link GuestOutput} (contract section 5).
 *
 * <p>chicory-sdk 0.3.0 wires both ends itself: WASI stdout and stderr go to the streams of the
 * {@link WasiOptions} in the manifest's options, and the kernel's {@code log_*} functions to the
 * sdk's logger, the same object that also receives the sdk's and Chicory's own messages (and that
 * a guest's {@code get_log_level} answers INFO for, so a Go plugin's trace and debug lines never
 * leave it). So the WASI streams are ours, and the guest's log imports are moved to a namespace of
 * ours ({@link LogImports}) where these functions answer them.
 */
final class GuestOutputLink {

    private static final String KERNEL = LogImports.NAMESPACE;
    /** What {@code get_log_level} answers: trace, the lowest, so every line reaches the host's logger, which filters. */
    private static final int ALL_LEVELS = 0;

    private GuestOutputLink() {
    }

    /** WASI with the guest's stdout and stderr going to {@code output}, and nothing else (no files, arguments or environment). */
    static WasiOptions wasi(GuestOutput output) {
        return WasiOptions.builder()
                .withStdout(stream(output, GuestOutput.Stream.STDOUT))
                .withStderr(stream(output, GuestOutput.Stream.STDERR))
                .build();
    }

    /** The kernel's log functions and {@code get_log_level}, for one instance. */
    static List<ExtismHostFunction> logFunctions(GuestOutput output) {
        return List.of(
                log(output, "log_trace", Level.TRACE),
                log(output, "log_debug", Level.DEBUG),
                log(output, "log_info", Level.INFO),
                log(output, "log_warn", Level.WARNING),
                log(output, "log_error", Level.ERROR),
                ExtismHostFunction.of(KERNEL, "get_log_level",
                        (CurrentPlugin current, ExtismValueList args, ExtismValueList results) -> results.setRaw(0, ALL_LEVELS),
                        List.of(), List.of(ExtismValType.I32)));
    }

    private static ExtismHostFunction log(GuestOutput output, String name, Level level) {
        return ExtismHostFunction.of(KERNEL, name, (CurrentPlugin current, ExtismValueList args, ExtismValueList results) -> {
            long offset = args.getRaw(0);
            String message = offset == 0 ? "" : new String(current.memory().readBytes(offset), StandardCharsets.UTF_8);
            output.log(level, message);
        }, List.of(ExtismValType.I64), List.of());
    }

    private static OutputStream stream(GuestOutput output, GuestOutput.Stream stream) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                output.write(stream, b, off, len);
            }
        };
    }
}
