package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.GuestOutput;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ValueType;
import io.spirefy.pluginengine.runtime.extism.internal.GuestRewrite;
import io.spirefy.pluginengine.runtime.extism.internal.LibExtism;
import io.spirefy.pluginengine.runtime.extism.internal.ModuleShape;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The host functions that route one instance's guest output to the engine (contract section 5).
 *
 * <p>libextism sends the kernel's {@code log_*} to its one process-wide logger (set with
 * {@code extism_log_file} or {@code extism_log_custom}/{@code extism_log_drain}), where a line no
 * longer says which plugin wrote it, and answers {@code get_log_level} with that logger's level
 * (off unless set, so a Go plugin logs nothing). So they are replaced, per instance (libextism lets
 * host functions shadow its kernel's): each line goes to that instance's {@link GuestOutput}, and
 * {@code get_log_level} answers trace, the host's logger being the one that filters. WASI stdout and
 * stderr arrive through {@value GuestRewrite#GUEST_WRITE}, from the shim {@link GuestRewrite} links.
 */
final class GuestOutputFunctions {

    private static final String KERNEL = "extism:host/env";
    private static final Map<String, Level> LEVELS = Map.of(
            "log_trace", Level.TRACE, "log_debug", Level.DEBUG, "log_info", Level.INFO,
            "log_warn", Level.WARNING, "log_error", Level.ERROR);
    private static final int[] I64 = {LibExtism.I64};
    private static final int[] NONE = {};
    private static final int[] I32 = {LibExtism.I32};
    private static final int[] I32_I64 = {LibExtism.I32, LibExtism.I64};
    /** What {@code get_log_level} answers: trace (0), the lowest. */
    private static final long ALL_LEVELS = 0;

    private GuestOutputFunctions() {
    }

    /** Whether the import is one of these, with the signature they have. */
    static boolean routes(ModuleShape.FunctionImport fi) {
        if (fi.module().equals(KERNEL)) {
            if (LEVELS.containsKey(fi.name())) return signature(fi, I64, NONE);
            return fi.name().equals("get_log_level") && signature(fi, NONE, I32);
        }
        return fi.module().equals(GuestRewrite.INTERNAL_MODULE) && fi.name().equals(GuestRewrite.GUEST_WRITE)
                && signature(fi, I32_I64, NONE);
    }

    /** The shim's import, which the guest does not see (declared for the trampoline). */
    static ModuleShape.FunctionImport guestWrite() {
        return new ModuleShape.FunctionImport(GuestRewrite.INTERNAL_MODULE, GuestRewrite.GUEST_WRITE, I32_I64, NONE);
    }

    /** The body of an import {@link #routes} accepts, for one instance. */
    static HostFunction body(ModuleShape.FunctionImport fi, GuestOutput output) {
        if (fi.name().equals(GuestRewrite.GUEST_WRITE)) {
            return new HostFunction(fi.module(), fi.name(), List.of(ValueType.I32, ValueType.I64), List.of(), (ctx, args) -> {
                byte[] bytes = ctx.read(args[1]);
                output.write(args[0] == 2 ? GuestOutput.Stream.STDERR : GuestOutput.Stream.STDOUT, bytes, 0, bytes.length);
                return new long[0];
            });
        }
        if (fi.name().equals("get_log_level")) {
            return new HostFunction(fi.module(), fi.name(), List.of(), List.of(ValueType.I32), (ctx, args) -> new long[] {ALL_LEVELS});
        }
        Level level = LEVELS.get(fi.name());
        return new HostFunction(fi.module(), fi.name(), List.of(ValueType.I64), List.of(), (ctx, args) -> {
            output.log(level, args[0] == 0 ? "" : new String(ctx.read(args[0]), StandardCharsets.UTF_8));
            return new long[0];
        });
    }

    private static boolean signature(ModuleShape.FunctionImport fi, int[] params, int[] results) {
        return Arrays.equals(fi.params(), params) && Arrays.equals(fi.results(), results);
    }
}
