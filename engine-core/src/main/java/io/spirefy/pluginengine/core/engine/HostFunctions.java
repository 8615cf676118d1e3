package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.TraceContext;
import io.spirefy.pluginengine.api.spi.HostCallContext;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.plugin.Permission;
import io.spirefy.pluginengine.api.spi.ValueType;
import io.spirefy.pluginengine.core.data.DataFailure;
import io.spirefy.pluginengine.core.data.DataFolders;
import io.spirefy.pluginengine.core.imports.FunctionType;
import io.spirefy.pluginengine.core.imports.OfferedImports;
import io.spirefy.pluginengine.core.imports.StandardImports;
import io.spirefy.pluginengine.core.resolve.TargetKey;
import io.spirefy.pluginengine.core.template.TemplateFailure;
import io.spirefy.pluginengine.core.template.TemplateRenderer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final DataFolders data;
    private final TemplateRenderer templates;
    private final long maxReadBytes;

    /**
     * @param maxReadBytes the largest file ReadFile hands a plugin from its data folder (its
     *                     memory limit, as for files of its archive)
     */
    HostFunctions(Supplier<EngineView> view, PluginCalls calls, EventBus events, DataFolders data,
                  TemplateRenderer templates, long maxReadBytes) {
        this.view = view;
        this.calls = calls;
        this.events = events;
        this.data = data;
        this.templates = templates;
        this.maxReadBytes = maxReadBytes;
    }

    /**
     * The functions the plugin's {@link HostOffer} allows, bound to {@code slot}: the engine's
     * core, the permission-gated ones it was granted, and the host's own it was granted.
     */
    List<HostFunction> forInstance(InstanceSlot slot) {
        HostOffer offer = slot.entry().offer;
        List<HostFunction> fns = new ArrayList<>();
        HostFunction.Body getHooks = engineCall(slot, (ctx, args) -> getHooks(slot, ctx, args[0]));
        HostFunction.Body readFile = engineCall(slot, (ctx, args) -> readFile(slot, ctx, args[0]));
        fns.add(fn("GetHooks", getHooks));
        fns.add(fn("GetHooksForAnchor", getHooks));
        HandedHookLists handed = new HandedHookLists();
        fns.add(fn("GetHookRefs", engineCall(slot, (ctx, args) -> getHookRefs(slot, handed, ctx, args[0]))));
        fns.add(fn("CallHook", engineCall(slot, (ctx, args) -> callHook(slot, ctx, args[0], args[1]))));
        fns.add(fn("CallHookAt", engineCall(slot, (ctx, args) -> callHookAt(slot, handed, ctx, args[0], args[1], args[2]))));
        fns.add(fn("CallAllHooks", engineCall(slot, (ctx, args) -> callAllHooks(slot, ctx, args[0], args[1]))));
        fns.add(fn("SendEvent", engineCall(slot, (ctx, args) -> sendEvent(slot, ctx, args[0], args[1]))));
        fns.add(fn("ReadFile", readFile));
        fns.add(fn("LoadFile", readFile));
        // GetLastError is the one call that does not clear the last error: it reports it.
        fns.add(fn("GetLastError", (ctx, args) -> {
            String error = slot.lastError();
            return new long[]{error == null ? 0 : ctx.writeString(error)};
        }));
        fns.add(fn("GetTraceContext", engineCall(slot, (ctx, args) -> traceContext(ctx))));
        fns.add(fn("WriteFile", engineCall(slot, (ctx, args) -> writeFile(slot, ctx, args[0], args[1]))));
        fns.add(fn("GenerateFromTemplate", engineCall(slot, (ctx, args) -> generate(ctx, args[0], args[1]))));
        fns.removeIf(f -> !offer.offers(f.namespace(), f.name()));
        for (HostFunction f : offer.hostFunctions()) {
            fns.add(new HostFunction(f.namespace(), f.name(), f.params(), f.results(),
                    (ctx, args) -> hostsOwn(f, new CallerContext(ctx, slot.entry().ref()), args)));
        }
        return fns;
    }

    /**
     * A host function the host application added: its code takes what stack it takes, so a
     * plugin call it makes starts on a fresh stack (PluginCalls#callNested).
     */
    private long[] hostsOwn(HostFunction f, HostCallContext ctx, long[] args) {
        ThreadCalls thread = calls.thread();
        long stackLeft = thread.stackLeft;
        thread.stackLeft = ThreadCalls.UNKNOWN;
        try {
            return f.body().call(ctx, args);
        } finally {
            thread.stackLeft = stackLeft;
        }
    }

    /**
     * Everything {@code entry}'s module may import (contract sections 7 and 9): the Extism kernel,
     * WASI, and what {@link #forInstance} links for it, with their types; what its {@link HostOffer}
     * withholds is named with the reason (e.g. the permission it needs). Host functions come last,
     * so that one of the host's shadows a kernel function as the runtimes let it.
     */
    OfferedImports offeredTo(PluginEntry entry) {
        OfferedImports offered = StandardImports.addTo(new OfferedImports());
        HostOffer offer = entry.offer;
        ARITY.forEach((name, params) -> offer.whyNot(NAMESPACE, name).ifPresentOrElse(
                why -> offered.withhold(NAMESPACE, name, why),
                () -> offered.offer(NAMESPACE, name, FunctionType.of(Collections.nCopies(params, ValueType.I64), List.of(ValueType.I64)))));
        for (HostFunction f : offer.allHostFunctions()) {
            offer.whyNot(f.namespace(), f.name()).ifPresentOrElse(
                    why -> offered.withhold(f.namespace(), f.name(), why),
                    () -> offered.offer(f.namespace(), f.name(), FunctionType.of(f.params(), f.results())));
        }
        return offered;
    }

    /** How many i64 parameters each engine function takes (each returns one i64): contract section 5. */
    private static final Map<String, Integer> ARITY = Map.ofEntries(Map.entry("GetHooks", 1), Map.entry("GetHooksForAnchor", 1),
            Map.entry("GetHookRefs", 1), Map.entry("CallHook", 2), Map.entry("CallHookAt", 3), Map.entry("CallAllHooks", 2),
            Map.entry("SendEvent", 2), Map.entry("ReadFile", 1),
            Map.entry("LoadFile", 1), Map.entry("GetLastError", 0), Map.entry("GetTraceContext", 0), Map.entry("WriteFile", 2),
            Map.entry("GenerateFromTemplate", 2));

    /** The engine's function {@code name}, typed by {@link #ARITY}, the one place its parameters are counted. */
    private static HostFunction fn(String name, HostFunction.Body body) {
        return new HostFunction(NAMESPACE, name, Collections.nCopies(ARITY.get(name), ValueType.I64), List.of(ValueType.I64), body);
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
        return ctx.write(v.hooksJson(anchorFor(v, slot, anchorId)));
    }

    /**
     * GetHookRefs (an engine extension, docs/CONTRACT.md): GetHooks' refs alone, one a line. A
     * guest reads Extism memory 8 bytes per kernel call: the JSON of 10 hooks is ~1.9 KB, their
     * refs (the benchmark's) 210 bytes, and need no JSON scan. No hooks: 0 with no error, as an empty answer.
     */
    private long getHookRefs(InstanceSlot slot, HandedHookLists handed, HostCallContext ctx, long anchorOffset) {
        String anchorId = ctx.readString(anchorOffset);
        EngineView v = view.get();
        byte[] refs = v.hookRefs(anchorFor(v, slot, anchorId));
        if (refs.length == 0) return 0;
        long offset = ctx.write(refs);
        // Kept for CallHookAt: the block's offset names this list for the rest of the call.
        if (offset != 0) handed.handed(calls.thread().frame, offset, refs);
        return offset;
    }

    private static TargetKey anchorFor(EngineView v, InstanceSlot slot, String anchorId) {
        Optional<TargetKey> anchor = v.snapshot().anchorFor(anchorId, slot.entry().ref());
        if (anchor.isEmpty()) {
            throw new Failure("anchor " + anchorId + " is not declared by any active plugin", 0);
        }
        return anchor.get();
    }

    private long callHook(InstanceSlot slot, HostCallContext ctx, long refOffset, long payloadOffset) {
        String ref = ctx.readString(refOffset);
        return callHookRef(slot, ctx, ref, ctx.read(payloadOffset));
    }

    /** CallHook's and CallHookAt's call of the hook, and the answer written back to the caller. */
    private long callHookRef(InstanceSlot slot, HostCallContext ctx, String ref, byte[] payload) {
        // The caller's deadline, if any, already bounds the hook through the caller's frame.
        byte[] out = calls.waitingInEngine(() -> calls.callHook(ref, slot.entry().ref(), payload, null));
        // Extism cannot allocate an empty block: 0 with no error means "empty response".
        return out.length == 0 ? 0 : ctx.write(out);
    }

    /** CallHookAt's index flag: the payload block is unchanged since the last CallHookAt of this call read it. */
    static final long PAYLOAD_UNCHANGED = 1L << 32;

    /**
     * CallHookAt (an engine extension, docs/CONTRACT.md): CallHook on the ref at {@code index} of the
     * GetHookRefs answer this call was handed at {@code refsOffset}. The guest writes no ref block
     * and the engine reads none: on chicory a ref costs the guest an alloc, a free and a store per
     * 8 bytes, and the engine a length, a copy and a decode (docs/PERFORMANCE.md, issue 20, 4b).
     * With {@link #PAYLOAD_UNCHANGED} in the index, the payload read by the previous CallHookAt is
     * sent again without reading its block (on extism a block's length and address are each a
     * lookup by name in libextism).
     */
    private long callHookAt(InstanceSlot slot, HandedHookLists handed, HostCallContext ctx, long refsOffset, long index,
                            long payloadOffset) {
        Object call = calls.thread().frame;
        String[] refs = handed.at(call, refsOffset);
        if (refs == null) {
            throw new Failure("CallHookAt: offset " + refsOffset + " is not a GetHookRefs answer this call of plugin "
                    + slot.entry().ref() + " was handed (lists hold for the call that got them)", 0);
        }
        long place = index & ~PAYLOAD_UNCHANGED;
        if (place < 0 || place >= refs.length) {
            throw new Failure("CallHookAt: index " + place + " is outside the list of " + refs.length + " hooks at offset "
                    + refsOffset, 0);
        }
        String ref = refs[(int) place];
        // The guest's word that the block is as the last CallHookAt read it: if it broke it, it
        // sends bytes it sent before, which it could have sent anyway.
        byte[] kept = (index & PAYLOAD_UNCHANGED) != 0 ? handed.sentBefore(call, payloadOffset) : null;
        byte[] payload = kept != null ? kept : ctx.read(payloadOffset);
        if (kept == null) handed.sent(call, payloadOffset, payload);
        return callHookRef(slot, ctx, ref, payload);
    }

    /**
     * CallAllHooks (an engine extension, docs/CONTRACT.md): CallHook on every hook of the anchor,
     * in GetHooks' order, with one payload, and every answer in one block ({@link HookAnswers}).
     * For an anchor that calls all its hooks, the one host call replaces a listing and a CallHook
     * per hook, and the guest frees one block instead of one per answer. A hook's failure is its
     * record, as CallHook's 0 and GetLastError would have said; the calls go on. No hook resolved:
     * 0 with no error.
     */
    private long callAllHooks(InstanceSlot slot, HostCallContext ctx, long anchorOffset, long payloadOffset) {
        String anchorId = ctx.readString(anchorOffset);
        EngineView v = view.get();
        List<HookInfo> hooks = v.snapshot().hooksOf(anchorFor(v, slot, anchorId));
        if (hooks.isEmpty()) return 0;
        byte[] payload = ctx.read(payloadOffset);
        String caller = slot.entry().ref();
        HookAnswers answers = new HookAnswers(maxReadBytes, hooks.size());
        // The caller's clock stops once for all the hooks, as it would for each.
        calls.waitingInEngine(() -> {
            for (HookInfo hook : hooks) {
                int status = HookAnswers.ANSWERED;
                byte[] body;
                try {
                    body = calls.callHook(hook.ref(), caller, payload, null);
                } catch (PluginCallException e) {
                    status = HookAnswers.FAILED;
                    body = utf8(e.failure() == CallFailure.PLUGIN_ERROR ? e.detail() : e.getMessage());
                } catch (PluginEngineException e) {
                    status = HookAnswers.FAILED;
                    body = utf8(e.getMessage());
                }
                if (!answers.add(status, hook.ref(), body)) {
                    throw new Failure("CallAllHooks: the answers of the hooks of anchor " + anchorId + " exceed the "
                            + maxReadBytes + " bytes the memory of plugin " + caller + " may hold (at hook " + hook.ref() + ")", 0);
                }
            }
            return null;
        });
        return ctx.write(answers.toBytes());
    }

    private static byte[] utf8(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
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

    /** The host's traceparent for this call tree; 0 (with no error) when the host passed none. */
    private long traceContext(HostCallContext ctx) {
        TraceContext trace = calls.trace();
        return trace == null ? 0 : ctx.writeString(trace.traceparent());
    }

    private long readFile(InstanceSlot slot, HostCallContext ctx, long pathOffset) {
        String path = ctx.readString(pathOffset);
        PluginEntry entry = slot.entry();
        byte[] bytes;
        try {
            bytes = entry.files.read(path).orElse(null);
        } catch (PluginEngineException e) {
            // Larger than the plugin's memory limit (refused before it is unpacked), or a plugin folder's file gone.
            throw new Failure("ReadFile of plugin " + entry.ref() + ": " + e.getMessage(), 0);
        }
        if (bytes == null && entry.offer.isGranted(Permission.FILES)) {
            try {
                bytes = data.read(entry.descriptor.id(), path, maxReadBytes).orElseThrow(() -> new Failure("file '" + path
                        + "' is neither in the archive nor in the data folder of plugin " + entry.ref(), 0));
            } catch (DataFailure e) {
                throw new Failure("ReadFile of plugin " + entry.ref() + ": " + e.getMessage(), 0);
            }
        }
        if (bytes == null) {
            throw new Failure("file '" + path + "' is not in the archive of plugin " + entry.ref()
                    + " (paths are relative to the manifest's folder; '..' and absolute paths are refused)", 0);
        }
        return bytes.length == 0 ? 0 : ctx.write(bytes);
    }

    /** 0 on success; 1 with the reason in GetLastError (contract section 5). */
    private long writeFile(InstanceSlot slot, HostCallContext ctx, long pathOffset, long dataOffset) {
        String path = ctx.readString(pathOffset);
        byte[] bytes = ctx.read(dataOffset);
        try {
            data.write(slot.entry().descriptor.id(), path, bytes);
            return 0;
        } catch (DataFailure e) {
            throw new Failure("WriteFile of plugin " + slot.entry().ref() + ": " + e.getMessage(), 1);
        }
    }

    private long generate(HostCallContext ctx, long templateOffset, long dataOffset) {
        String template = ctx.readString(templateOffset);
        String json = ctx.readString(dataOffset);
        String text;
        try {
            // The call's clock, not only an interrupt: a native runtime's cancel never reaches Java.
            CallFrame frame = calls.thread().frame;
            text = templates.render(template, json, frame == null ? () -> false : frame::timedOut);
        } catch (TemplateFailure e) {
            throw new Failure("GenerateFromTemplate: " + e.getMessage(), 0);
        }
        // An empty result is 0 with no error, as for every engine call.
        return text.isEmpty() ? 0 : ctx.write(text.getBytes(StandardCharsets.UTF_8));
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
