package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.ValueType;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run in a child JVM by {@link NativeStackNeedTest}, because too small a stack crashes the JVM:
 * calls {@code function} of {@code module.wasm} (deep recursion, see
 * {@link ExtismHostileGuestTest#RECURSION_BODY}) once, on a fresh thread of {@code stackBytes},
 * and prints {@code CLEAN <deepest host call>} when the call failed as the clean trap it must be.
 * Anything else (a crash, JNA's "error handling callback exception", another outcome) is not clean.
 */
public final class StackNeedProbe {

    public static void main(String[] args) throws Exception {
        byte[] wasm = Files.readAllBytes(Path.of(args[0]));
        String function = args[1];
        long stackBytes = Long.parseLong(args[2]);
        AtomicLong deepest = new AtomicLong();
        HostFunction ping = new HostFunction(ExtismHostileGuestTest.NS, "ping", List.of(ValueType.I64), List.of(ValueType.I64),
                (ctx, a) -> {
                    deepest.accumulateAndGet(a[0], Math::max);
                    return new long[] {a[0]};
                });
        ExtismNativeRuntime runtime = new ExtismNativeRuntime();
        runtime.unavailableReason().ifPresent(r -> { throw new IllegalStateException(r); });
        AtomicReference<String> outcome = new AtomicReference<>("no outcome");
        try (WasmModule module = runtime.compile(new ModuleSpec("probe@1.0.0", wasm, 256));
             WasmInstance instance = module.instantiate(List.of(ping))) {
            Thread t = new Thread(null, () -> {
                try {
                    instance.call(function, new byte[0]);
                    outcome.set("SUCCEEDED");
                } catch (WasmException e) {
                    boolean clean = e.kind() == WasmException.Kind.TRAP && e.getMessage().contains("call stack exhausted");
                    outcome.set((clean ? "CLEAN " : "UNCLEAN ") + e.kind() + " " + e.getMessage().lines().findFirst().orElse(""));
                } catch (Throwable e) {
                    outcome.set("THREW " + e);
                }
            }, "probe", stackBytes);
            t.start();
            t.join();
        }
        System.out.println(outcome.get() + " deepest-host-call=" + deepest.get());
    }
}
