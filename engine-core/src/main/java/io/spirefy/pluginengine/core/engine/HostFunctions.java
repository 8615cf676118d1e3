package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.spi.HostCallContext;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ValueType;
import io.spirefy.pluginengine.core.imports.FunctionType;
import io.spirefy.pluginengine.core.imports.OfferedImports;
import io.spirefy.pluginengine.core.imports.StandardImports;
import io.spirefy.pluginengine.core.resolve.TargetKey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The engine's host functions in {@code extism:host/pluginengine} (contract section 5), made
 * anew for each instance because each binds to the instance's own last-error slot.
 */
final class HostFunctions {

    static final String NAMESPACE = "extism:host/pluginengine";

    private final Supplier<EngineView> view;
    private final PluginCalls calls;
    private final EventBus events;
    private final List<HostFunction> hostAdded;
    private final List<EngineFunction> engineFunctions = List.of(
            new EngineFunction("GetHooks", 1, slot -> engineCall(slot, (ctx, args) -> getHooks(slot, ctx, args[0]))),
            new EngineFunction("GetHooksForAnchor", 1, slot -> engineCall(slot, (ctx, args) -> getHooks(slot, ctx, args[0]))),
            new EngineFunction("CallHook", 2, slot -> engineCall(slot, (ctx, args) -> callHook(slot, ctx, args[0], args[1]))),
            new EngineFunction("SendEvent", 2, slot -> engineCall(slot, (ctx, args) -> sendEvent(slot, ctx, args[0], args[1]))),
            new EngineFunction("ReadFile", 1, slot -> engineCall(slot, (ctx, args) -> readFile(slot, ctx, args[0]))),
            new EngineFunction("LoadFile", 1, slot -> engineCall(slot, (ctx, args) -> readFile(slot, ctx, args[0]))),
            // GetLastError is the one call that does not clear the last error: it reports it.
            new EngineFunction("GetLastError", 0, slot -> (ctx, args) -> {
                String error = slot.lastError();
                return new long[]{error == null ? 0 : ctx.writeString(error)};
            }));

    HostFunctions(Supplier<EngineView> view, PluginCalls calls, EventBus events, List<HostFunction> hostAdded) {
        this.view = view;
        this.calls = calls;
        this.events = events;
        this.hostAdded = List.copyOf(hostAdded);
    }

    /**
     * One function of the engine's namespace: its name, its number of i64 parameters (it returns
     * one i64), and what makes its body for one instance.
     */
    private record EngineFunction(String name, int params, Function<InstanceSlot, HostFunction.Body> body) {
        List<ValueType> paramTypes() {
            return Collections.nCopies(params, ValueType.I64);
        }
    }

    /**
     * The engine's functions {@code entry} is granted. The one place that decides it: both the
     * functions an instance is linked with ({@link #forInstance}) and the import check at load
     * ({@link #offeredTo}) come from here.
     */
    private List<EngineFunction> grantedTo(PluginEntry entry) {
        return engineFunctions;
    }

    /** The host application's functions {@code entry} is granted. */
    private List<HostFunction> hostFunctionsGrantedTo(PluginEntry entry) {
        return hostAdded;
    }

    /** The engine's functions and the host's that {@code slot}'s plugin is granted, bound to {@code slot}. */
    List<HostFunction> forInstance(InstanceSlot slot) {
        List<HostFunction> fns = new ArrayList<>();
        for (EngineFunction f : grantedTo(slot.entry())) {
            fns.add(new HostFunction(NAMESPACE, f.name(), f.paramTypes(), List.of(ValueType.I64), f.body().apply(slot)));
        }
        for (HostFunction f : hostFunctionsGrantedTo(slot.entry())) {
            fns.add(new HostFunction(f.namespace(), f.name(), f.params(), f.results(),
                    (ctx, args) -> f.body().call(new CallerContext(ctx, slot.entry().ref()), args)));
        }
        return fns;
    }

    /**
     * Everything {@code entry}'s module may import (contract sections 7 and 9): the Extism kernel,
     * WASI, and the functions {@link #forInstance} links for it, with their types. Host functions
     * come last, so that one of the host's shadows a kernel function as the runtimes let it.
     */
    OfferedImports offeredTo(PluginEntry entry) {
        OfferedImports offered = StandardImports.addTo(new OfferedImports());
        for (EngineFunction f : grantedTo(entry)) {
            offered.offer(NAMESPACE, f.name(), FunctionType.of(f.paramTypes(), List.of(ValueType.I64)));
        }
        for (HostFunction f : hostFunctionsGrantedTo(entry)) {
            offered.offer(f.namespace(), f.name(), FunctionType.of(f.params(), f.results()));
        }
        return offered;
    }

    @FunctionalInterface
    private interface Op {
        long call(HostCallContext ctx, long[] args);
    }

    /**
     * Clears the instance's last error, runs the operation, and turns an engine error into
     * "0 with the message in GetLastError" so that it never unwinds through the plugin.
     */
    private static HostFunction.Body engineCall(InstanceSlot slot, Op op) {
        return (ctx, args) -> {
            slot.lastError(null);
            try {
                return new long[]{op.call(ctx, args)};
            } catch (Failure f) {
                slot.lastError(f.getMessage());
                return new long[]{f.result};
            } catch (PluginCallException e) {
                // A hook's own failure reaches its caller as the hook's error_set text (contract
                // section 5); the engine's failures (trap, timeout...) keep the plugin and function.
                slot.lastError(e.failure() == CallFailure.PLUGIN_ERROR ? e.detail() : e.getMessage());
                return new long[]{0};
            } catch (PluginEngineException e) {
                slot.lastError(e.getMessage());
                return new long[]{0};
            }
        };
    }

    /** An expected failure of a host function, with the result value it returns (0, or -1 for SendEvent). */
    private static final class Failure extends RuntimeException {
        final long result;

        Failure(String message, long result) {
            super(message, null, false, false);
            this.result = result;
        }
    }

    private long getHooks(InstanceSlot slot, HostCallContext ctx, long anchorOffset) {
        String anchorId = ctx.readString(anchorOffset);
        EngineView v = view.get();
        Optional<TargetKey> anchor = v.snapshot().anchorFor(anchorId, slot.entry().ref());
        if (anchor.isEmpty()) {
            throw new Failure("anchor " + anchorId + " is not declared by any active plugin", 0);
        }
        return ctx.write(v.hooksJson(anchor.get()));
    }

    private long callHook(InstanceSlot slot, HostCallContext ctx, long refOffset, long payloadOffset) {
        String ref = ctx.readString(refOffset);
        byte[] payload = ctx.read(payloadOffset);
        // The caller's deadline, if any, already bounds the hook through the caller's frame.
        byte[] out = calls.waitingInEngine(() -> calls.callHook(ref, slot.entry().ref(), payload, null));
        // Extism cannot allocate an empty block: 0 with no error means "empty response".
        return out.length == 0 ? 0 : ctx.write(out);
    }

    private long sendEvent(InstanceSlot slot, HostCallContext ctx, long idOffset, long payloadOffset) {
        String eventId = ctx.readString(idOffset);
        byte[] payload = ctx.read(payloadOffset);
        try {
            DeliveryReport report = calls.waitingInEngine(() -> events.deliver(eventId, payload, slot.entry().ref()));
            return report.delivered();
        } catch (PluginEngineException e) {
            throw new Failure(e.getMessage(), -1);
        }
    }

    private long readFile(InstanceSlot slot, HostCallContext ctx, long pathOffset) {
        String path = ctx.readString(pathOffset);
        byte[] data;
        try {
            data = slot.entry().files.read(path)
                    .orElseThrow(() -> new Failure("file '" + path + "' is not in the archive of plugin "
                            + slot.entry().ref() + " (paths are relative to the manifest's folder; '..' and absolute paths are refused)", 0));
        } catch (PluginEngineException e) {
            // Larger than the plugin's memory limit (refused before it is unpacked), or a plugin folder's file gone.
            throw new Failure("ReadFile of plugin " + slot.entry().ref() + ": " + e.getMessage(), 0);
        }
        return data.length == 0 ? 0 : ctx.write(data);
    }

    /** Lets a host-added function see which plugin called it. */
    private record CallerContext(HostCallContext delegate, String callerRef) implements HostCallContext {
        @Override
        public byte[] read(long offset) { return delegate.read(offset); }

        @Override
        public long write(byte[] bytes) { return delegate.write(bytes); }

        @Override
        public Optional<String> caller() { return Optional.of(callerRef); }
    }
}
