package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.spi.Cancellation;
import io.spirefy.pluginengine.api.spi.GuestOutput;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.ValueType;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.runtime.extism.internal.BlockLengths;
import io.spirefy.pluginengine.runtime.extism.internal.LibExtism;
import io.spirefy.pluginengine.runtime.extism.internal.ExtismCalls;
import io.spirefy.pluginengine.runtime.extism.internal.HostFunctionHandle;
import io.spirefy.pluginengine.runtime.extism.internal.NativeBytes;
import io.spirefy.pluginengine.runtime.extism.internal.GuestRewrite;
import io.spirefy.pluginengine.runtime.extism.internal.ManifestJson;
import io.spirefy.pluginengine.runtime.extism.internal.ModuleShape;
import io.spirefy.pluginengine.runtime.extism.internal.WasmtimeCache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A module compiled once by libextism ({@code extism_compiled_plugin_new}) and instantiated
 * cheaply from that ({@code extism_plugin_new_from_compiled}).
 *
 * <h2>Host functions: trampolines</h2>
 * libextism binds host functions when it compiles, but the engine hands us new
 * {@link HostFunction} objects per instance, bound to that instance. So at compile time we read
 * the module's own function imports (other than the Extism kernel and WASI, which libextism
 * provides) and register one <em>trampoline</em> per import, with the import's exact signature.
 * Every call passes the calling instance's id as libextism's host context
 * ({@code extism_plugin_call_with_host_context}); a trampoline reads it back
 * ({@code extism_current_plugin_host_context}) and runs that instance's body for its slot. While
 * libextism runs a reactor's {@code _initialize} it sets no host context yet, so the instance
 * running on the current thread (a thread-local, set around every native call) is the
 * fallback. As reading the host context back is a large part of a host call's cost, a
 * trampoline first tries that thread-local instance, and takes it when the calling
 * {@code ExtismCurrentPlugin} is the one an earlier host context showed to be that instance's
 * ({@link ExtismInstance#dispatch}). Instantiation checks that the host functions given cover every slot, with the same
 * signature: a missing one is a {@link WasmException.Kind#LINK} error naming the import.
 *
 * <p>A trampolined import that takes an i64 is linked behind the blocks shim ({@link BlockLengths},
 * {@link GuestRewrite}): the guest calls the shim, which asks the kernel's {@code length} of each
 * i64 argument in wasm and calls our trampoline with the arguments followed by those lengths. A
 * body still sees the import's own arguments and signature (the SPI is unchanged); its context
 * reads those blocks without asking libextism for their length, two native calls fewer per
 * {@code CallHook} (docs/PERFORMANCE.md, "The per-CallHook path profiled (extism)", step 3).
 *
 * <h2>Guest code at instantiation</h2>
 * libextism 1.41 instantiates, and runs a start section and a reactor's initializer, inside
 * {@code extism_plugin_new_from_compiled}, where no cancel reaches and before the plugin's store is
 * wired up (a host function <em>with parameters</em> called from there crashed the process, SIGSEGV
 * in {@code ExtismVal::from_val}). So the module is compiled as {@link GuestRewrite} rewrites it:
 * the start function and the initializer become exports that {@link #instantiate} calls as
 * ordinary calls under its {@link Cancellation}, with this instance's host context. Left as they
 * were, and so still uncancellable: Haskell modules ({@code hs_init}, initialized by libextism
 * its own way) and initializers of a type other than {@code () -> ()}.
 *
 * <h2>Memory</h2>
 * libextism's {@code max_pages} is one budget for all memories of an instance (the guest's and
 * the Extism kernel's), charged for growth once the instance exists; {@link #memoryBudgetPages}
 * takes the initial pages off it, so {@link ModuleSpec#maxMemoryPages} bounds both together.
 * Extism vars live outside wasm memory and are bounded separately ({@value #MAX_VAR_BYTES} bytes).
 *
 * <p>The JNA callback objects live as long as this module object, which every instance
 * references; native code never calls a collected callback.
 */
final class ExtismModule implements WasmModule {

    /** Import modules libextism links by itself. */
    private static final List<String> PROVIDED = List.of("extism:host/env", "wasi_snapshot_preview1", GuestRewrite.SHIM_MODULE,
            GuestRewrite.OUTPUT_MODULE, GuestRewrite.BLOCKS_MODULE);

    /**
     * The Extism kernel functions we replace with our own (libextism links host functions after
     * its own and lets them shadow): for each, its body. {@code http_request} would otherwise fail
     * with a bare wasm backtrace; plugins have no network access on this engine.
     */
    private static final Map<String, HostFunction> REPLACED = Map.of(
            "extism:host/env\0http_request", new HostFunction("extism:host/env", "http_request",
                    List.of(ValueType.I64, ValueType.I64), List.of(ValueType.I64), (ctx, args) -> {
                        throw new SecurityException("HTTP requests are not allowed: plugins have no network access");
                    }),
            "wasi_snapshot_preview1\0proc_exit", new HostFunction("wasi_snapshot_preview1", "proc_exit",
                    List.of(ValueType.I32), List.of(), (ctx, args) -> {
                        throw new GuestExit((int) args[0]);
                    }));

    /** Entry points never called by name (contract section 7), whatever their type; as the chicory runtime. */
    private static final java.util.Set<String> INITIALIZERS = java.util.Set.of("hs_init", "_initialize", "_start", "__wasm_call_ctors");

    /** The most bytes of Extism vars an instance may hold (they live outside wasm memory). */
    static final long MAX_VAR_BYTES = 1 << 20;

    /**
     * One trampoline: the import it stands for; {@code replacement} is our own body for a kernel
     * function we replace, null for a host function the engine binds. {@code linked} is what
     * libextism links the trampoline as: the import itself, or, for one the blocks shim stands in
     * front of ({@link GuestRewrite#withLengths()}), the runtime's own function taking the import's
     * arguments followed by one length per i64 argument.
     */
    record Slot(int index, ModuleShape.FunctionImport imported, ModuleShape.FunctionImport linked, HostFunction replacement) {
        String displayName() {
            return imported.module() + "::" + imported.name();
        }

        /** Whether the arguments come with the lengths of their blocks ({@link BlockLengths}). */
        boolean withLengths() {
            return linked != imported;
        }
    }

    private final ExtismCalls lib;
    private final String name;
    private final ModuleShape shape;
    /** The guest's function exports by their own names, with their types (what callers see). */
    private final Map<String, ModuleShape.FunctionType> guestExports;
    private final GuestRewrite rewrite;
    private final ModuleSpec spec;
    private final List<Slot> slots;
    /**
     * Each export's name as a NUL-terminated UTF-8 string in native memory, made once: a call
     * passes it as it is (no per-call encoding or copying). Freed with this object by the
     * binding's cleaner, after the last instance (which references this module) is gone.
     */
    private final Map<String, NativeBytes> exportNames;
    /** The subset of {@link #exportNames} a caller may call: decided once, at compile time. */
    private final Map<String, NativeBytes> callable;
    /**
     * What stands behind each host function's C entry point (a JNA callback, an upcall stub):
     * reachable as long as this module is, so as long as any instance (which references it) is.
     */
    private Object[] trampolines;
    private final Object lock = new Object();

    /**
     * When an instance of this module last sent libextism a cancel ({@link System#nanoTime()}).
     * libextism delivers a cancel through the engine all instances share, sometimes late, so a
     * call of another instance that fails around then was most likely stopped by it; its error
     * text varies with where the interrupt landed ("wasm trap: interrupt", "timeout", "unable to
     * set extism input"...), so the time, not the text, tells.
     */
    private final java.util.concurrent.atomic.AtomicLong lastCancelNanos = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);

    /** How long after a cancel another instance's failure is put down to it. */
    static final long CANCEL_REACH_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500);

    void cancelSent() {
        lastCancelNanos.set(System.nanoTime());
    }

    /** Whether an instance's cancel was sent during [since - reach, now]. */
    boolean cancelSentSince(long sinceNanos) {
        long last = lastCancelNanos.get();
        return last != Long.MIN_VALUE && last - (sinceNanos - CANCEL_REACH_NANOS) >= 0;
    }
    private long compiled; // guarded by lock; 0 once closed

    private ExtismModule(ExtismCalls lib, ModuleSpec spec, GuestRewrite rewrite, ModuleShape guestShape, ModuleShape shape,
                         List<Slot> slots) {
        this.lib = lib;
        this.spec = spec;
        this.name = spec.name();
        this.rewrite = rewrite;
        this.shape = shape;
        this.guestExports = guestShape.exportTypes();
        this.slots = slots;
        Map<String, NativeBytes> names = new HashMap<>();
        for (String export : shape.exports()) names.put(export, nativeCstr(lib, export));
        this.exportNames = Map.copyOf(names);
        Map<String, NativeBytes> callable = new HashMap<>();
        guestExports.forEach((export, type) -> {
            // A name the rewrite took (the initializer's) is absent from exportNames.
            if (type.extismCallable() && !GuestRewrite.isInternalExport(export) && exportNames.containsKey(export)
                    && !INITIALIZERS.contains(export)) {
                callable.put(export, exportNames.get(export));
            }
        });
        this.callable = Map.copyOf(callable);
    }

    /** @param cacheSetting libextism's compiled-code cache for this compile ({@link WasmtimeCache}) */
    static ExtismModule compile(ExtismCalls lib, ModuleSpec spec, String cacheSetting) throws WasmException {
        ModuleShape guestShape;
        ModuleShape shape;
        GuestRewrite rewrite;
        try {
            guestShape = ModuleShape.read(spec.wasm()); // its errors name the original bytes
            rewrite = GuestRewrite.of(spec.wasm(), guestShape, ExtismModule::trampolined);
            shape = ModuleShape.read(rewrite.wasm());
        } catch (ModuleShape.MalformedException e) {
            throw new WasmException(WasmException.Kind.LINK,
                    "module " + spec.name() + " is not a valid WebAssembly module: " + e.getMessage(), e);
        }
        if (rewrite.initialMemoryPages() > spec.maxMemoryPages()) {
            throw new WasmException(WasmException.Kind.LINK, "module " + spec.name() + " starts with "
                    + rewrite.initialMemoryPages() + " pages of memory, above its memory limit of "
                    + spec.maxMemoryPages() + " pages");
        }
        Map<String, ModuleShape.FunctionImport> wanted = new LinkedHashMap<>();
        Map<String, ModuleShape.FunctionImport> linkedAs = new HashMap<>();
        Map<String, HostFunction> replaced = new HashMap<>(REPLACED);
        // Before the rewritten imports: the blocks shim imports these in the guest's place.
        List<ModuleShape.FunctionImport> withLengths = rewrite.withLengths();
        for (int i = 0; i < withLengths.size(); i++) {
            ModuleShape.FunctionImport fi = withLengths.get(i);
            String key = fi.key();
            wanted.put(key, fi);
            linkedAs.put(key, new ModuleShape.FunctionImport(GuestRewrite.INTERNAL_MODULE, BlockLengths.hostName(i),
                    BlockLengths.withLengths(fi.params()), fi.results()));
        }
        for (ModuleShape.FunctionImport fi : shape.imports()) {
            if (fi.module().equals(GuestRewrite.INTERNAL_MODULE)) {
                throw new WasmException(WasmException.Kind.LINK, "module " + spec.name() + " imports "
                        + fi.module() + "::" + fi.name() + ": that namespace is the runtime's own");
            }
            String key = fi.key();
            if (GuestOutputFunctions.routes(fi)) { // bound per instance, to its output
                wanted.putIfAbsent(key, fi);
                continue;
            }
            // Imports of non-number types cannot be trampolined; libextism reports them at link.
            if ((!PROVIDED.contains(fi.module()) || REPLACED.containsKey(key)) && fi.numeric()) {
                wanted.putIfAbsent(key, fi);
            }
        }
        if (rewrite.guardsOutput()) { // imported by the output guard, not by the guest
            HostFunction refused = outputRefused(spec);
            String key = refused.namespace() + "\0" + refused.name();
            wanted.put(key, new ModuleShape.FunctionImport(refused.namespace(), refused.name(),
                    codes(refused.params()), codes(refused.results())));
            replaced.put(key, refused);
        }
        if (rewrite.shim() != null) { // imported by the shim's fd_write, not by the guest
            ModuleShape.FunctionImport write = GuestOutputFunctions.guestWrite();
            wanted.put(write.key(), write);
        }
        List<Slot> slots = new ArrayList<>();
        ExtismModule module = new ExtismModule(lib, spec, rewrite, guestShape, shape, slots);
        for (Map.Entry<String, ModuleShape.FunctionImport> e : wanted.entrySet()) {
            slots.add(new Slot(slots.size(), e.getValue(), linkedAs.getOrDefault(e.getKey(), e.getValue()), replaced.get(e.getKey())));
        }

        long[] functions = new long[slots.size()];
        module.trampolines = new Object[slots.size()];
        try {
            for (Slot s : slots) {
                ModuleShape.FunctionImport fi = s.linked();
                HostFunctionHandle h = lib.functionNew(cstr(fi.name()), fi.params(), fi.results(), s.index(), ExtismInstance.ENTRY);
                long f = h.address();
                module.trampolines[s.index()] = h.keepAlive();
                if (f == 0) {
                    throw new WasmException(WasmException.Kind.LINK,
                            "module " + spec.name() + ": libextism rejected the import " + s.displayName());
                }
                functions[s.index()] = f;
                lib.functionSetNamespace(f, cstr(fi.module()));
            }
            Map<String, byte[]> linked = new LinkedHashMap<>();
            if (rewrite.shim() != null) linked.put(GuestRewrite.SHIM_MODULE, rewrite.shim());
            if (rewrite.guardsOutput()) linked.put(GuestRewrite.OUTPUT_MODULE, rewrite.outputGuard());
            if (!withLengths.isEmpty()) linked.put(GuestRewrite.BLOCKS_MODULE, rewrite.blocksShim());
            byte[] manifest = ManifestJson.of(rewrite.wasm(), linked, memoryBudgetPages(spec, rewrite),
                    Math.min(MAX_VAR_BYTES, spec.maxMemoryBytes()));
            String[] err = new String[1];
            long compiled = WasmtimeCache.during(cacheSetting, () -> lib.compiledPluginNew(manifest, functions, true, err));
            if (compiled == 0) {
                throw new WasmException(WasmException.Kind.LINK,
                        "module " + spec.name() + " does not compile: " + reason(err));
            }
            module.compiled = compiled;
            return module;
        } finally {
            // libextism moved each Function into the compiled plugin; what is left is the box.
            for (long f : functions) {
                if (f != 0) lib.functionFree(f);
            }
        }
    }

    /**
     * Whether an import gets a trampoline of ours with a body the engine (or this runtime, for the
     * guest-output functions) binds: those are the host functions worth handing block lengths to.
     * Not the kernel functions we replace with a throwing body, nor the runtime's own namespace.
     */
    private static boolean trampolined(ModuleShape.FunctionImport fi) {
        String key = fi.key();
        if (fi.module().equals(GuestRewrite.INTERNAL_MODULE) || REPLACED.containsKey(key)) return false;
        return GuestOutputFunctions.routes(fi) || !PROVIDED.contains(fi.module());
    }

    /**
     * What the output guard calls when it refuses an output ({@link GuestRewrite}): fails the call
     * with the reason ({@link RefusedOutput}); the guard then traps, so the guest goes no further.
     */
    private static HostFunction outputRefused(ModuleSpec spec) {
        long maxBytes = spec.maxMemoryBytes();
        return new HostFunction(GuestRewrite.INTERNAL_MODULE, GuestRewrite.OUTPUT_REFUSED,
                List.of(ValueType.I64, ValueType.I64, ValueType.I64), List.of(), (ctx, args) -> {
                    throw RefusedOutput.of(args[0], args[1], args[2], maxBytes);
                });
    }

    /**
     * libextism's {@code max_pages}: one budget that every memory of the instance grows from, the
     * guest's and the Extism kernel's together (one wasmtime resource limiter per store).
     */
    static long memoryBudgetPages(ModuleSpec spec, GuestRewrite rewrite) {
        // libextism resets the budget after instantiating, so the memories that exist by then
        // (the guest's initial pages, the kernel's first page) do not count: take them off. Only
        // possible when the guest's memory is the shim's (GuestRewrite): libextism charges a memory
        // the guest defines itself against the budget while instantiating, where a smaller budget
        // would refuse it.
        if (rewrite.shim() == null) return spec.maxMemoryPages();
        return Math.max(1, spec.maxMemoryPages() - rewrite.initialMemoryPages() - KERNEL_INITIAL_PAGES);
    }

    /** Pages the Extism kernel's memory has before any call (it grows from the same budget after). */
    static final long KERNEL_INITIAL_PAGES = 1;

    @Override
    public WasmInstance instantiate(List<HostFunction> hostFunctions, Cancellation cancellation) throws WasmException {
        return instantiate(hostFunctions, cancellation, GuestOutput.NONE);
    }

    /**
     * {@inheritDoc} The kernel's log functions are routed for every module; WASI stdout and stderr
     * only for a module whose memory the shim holds ({@link GuestRewrite}): one with one ordinary
     * memory of its own, as compilers make them. Another's WASI output is dropped, as libextism does.
     */
    @Override
    public WasmInstance instantiate(List<HostFunction> hostFunctions, Cancellation cancellation, GuestOutput output)
            throws WasmException {
        HostFunction[] bound = bind(hostFunctions, output);
        for (int attempt = 1; ; attempt++) {
            ExtismInstance instance = new ExtismInstance(lib, this, bound);
            long started = System.nanoTime();
            try {
                synchronized (lock) {
                    if (compiled == 0) throw new IllegalStateException("module " + name + " is closed");
                    instance.create(compiled);
                }
                // Created and linked: the module's own code (start section, _initialize) runs next.
                cancellation.guestStarting();
                instance.initialize(cancellation);
                return instance;
            } catch (WasmException e) {
                if (e.kind() == WasmException.Kind.CANCELLED) throw e;
                // A cancel of another instance of this module (they share libextism's engine) can
                // interrupt an instantiation under way; that says nothing about the module, so try
                // again rather than let the engine mark the plugin FAILED (seen in the soak test).
                if (attempt >= INSTANTIATE_ATTEMPTS || !(interruptedByAnotherCancel(e) || cancelSentSince(started))) throw e;
                instance.close();
                try {
                    Thread.sleep(2L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static final int INSTANTIATE_ATTEMPTS = 4;

    private static boolean interruptedByAnotherCancel(WasmException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("wasm trap: interrupt") || m.endsWith(": timeout") || m.contains("unable to clear error message");
    }

    /** The body for each slot, checked against the import's signature. */
    private HostFunction[] bind(List<HostFunction> hostFunctions, GuestOutput output) throws WasmException {
        Map<String, HostFunction> byKey = new HashMap<>();
        for (HostFunction hf : hostFunctions) byKey.putIfAbsent(hf.namespace() + "\0" + hf.name(), hf);
        HostFunction[] bound = new HostFunction[slots.size()];
        List<String> missing = new ArrayList<>();
        for (Slot s : slots) {
            ModuleShape.FunctionImport fi = s.imported();
            if (s.replacement() != null) {
                bound[s.index()] = s.replacement();
                continue;
            }
            if (GuestOutputFunctions.routes(fi)) {
                bound[s.index()] = GuestOutputFunctions.body(fi, output);
                continue;
            }
            HostFunction hf = byKey.get(fi.key());
            if (hf == null) {
                missing.add(s.displayName() + signature(fi.params(), fi.results()));
                continue;
            }
            int[] params = codes(hf.params());
            int[] results = codes(hf.results());
            if (!Arrays.equals(params, fi.params()) || !Arrays.equals(results, fi.results())) {
                throw new WasmException(WasmException.Kind.LINK, "module " + name + " imports "
                        + s.displayName() + signature(fi.params(), fi.results())
                        + " but the host function has the signature " + signature(params, results));
            }
            bound[s.index()] = hf;
        }
        if (!missing.isEmpty()) {
            throw new WasmException(WasmException.Kind.LINK, "module " + name
                    + " imports functions no host function provides: " + String.join(", ", missing));
        }
        return bound;
    }

    /**
     * wasmtime gives each entry into a store its own allowance of wasm stack, counted from where
     * that entry starts, and traps past it (each instance is its own store, so a nested call gets
     * a fresh allowance however deep its caller went): the guest cannot take more than that.
     * {@link ExtismNativeRuntime#CALL_THREAD_STACK_BYTES} is that allowance plus libextism's frames
     * and a host callback at the deepest point, with room to spare ({@code NativeStackNeedTest}).
     */
    @Override
    public long stackBytesPerEntry() {
        return ExtismNativeRuntime.CALL_THREAD_STACK_BYTES;
    }

    @Override
    public void close() {
        synchronized (lock) {
            // Instances keep what they need (libextism clones engine and code into each plugin).
            if (compiled != 0) lib.compiledPluginFree(compiled);
            compiled = 0;
        }
    }

    String name() { return name; }

    ModuleShape shape() { return shape; }

    List<Slot> slots() { return slots; }

    /** The export's name as a native C string, or null when a caller may not call it ({@link #refusal}). */
    NativeBytes exportName(String function) {
        return callable.get(function);
    }

    /** Why a caller may not call {@code function}. */
    WasmException refusal(String function) {
        return ExportRefusal.of(name, guestExports, function);
    }

    /** Whether the guest (not our rewrite) exports this function, whatever its type, as chicory answers. */
    boolean exports(String function) {
        return guestExports.containsKey(function);
    }

    /**
     * What must run after instantiation, in order, as ordinary calls (see {@link GuestRewrite}):
     * the start function, then the initializer; each as its internal export's C string.
     */
    List<Map.Entry<String, NativeBytes>> initSteps() {
        List<Map.Entry<String, NativeBytes>> steps = new ArrayList<>(2);
        if (rewrite.startExport()) steps.add(Map.entry("start section", exportNames.get(GuestRewrite.START_EXPORT)));
        if (rewrite.initExport() != null) {
            steps.add(Map.entry(rewrite.initExport().substring(GuestRewrite.INIT_PREFIX.length()),
                    exportNames.get(rewrite.initExport())));
        }
        return steps;
    }

    ModuleSpec spec() { return spec; }

    /** The module as libextism runs it (rewritten): the code offsets of its traps point into these bytes. */
    byte[] code() { return rewrite.wasm(); }

    /** {@code s} as a NUL-terminated UTF-8 string in native memory. */
    static NativeBytes nativeCstr(ExtismCalls lib, String s) {
        byte[] c = cstr(s);
        NativeBytes m = lib.allocate(c.length);
        m.view().put(0, c);
        return m;
    }

    static byte[] cstr(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(utf8, utf8.length + 1);
    }

    /** The reason a binding took from libextism ({@link ExtismCalls#compiledPluginNew}). */
    static String reason(String[] err) {
        return err[0] == null ? "(libextism gave no reason)" : err[0];
    }

    private static int[] codes(List<ValueType> types) {
        int[] out = new int[types.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (types.get(i)) {
                case I32 -> LibExtism.I32;
                case I64 -> LibExtism.I64;
                case F32 -> LibExtism.F32;
                case F64 -> LibExtism.F64;
            };
        }
        return out;
    }

    private static final String[] TYPE_NAMES = {"i32", "i64", "f32", "f64"};

    static String signature(int[] params, int[] results) {
        return "(" + Arrays.stream(params).mapToObj(t -> TYPE_NAMES[t]).collect(Collectors.joining(", ")) + ") -> ("
                + Arrays.stream(results).mapToObj(t -> TYPE_NAMES[t]).collect(Collectors.joining(", ")) + ")";
    }
}
