package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.spirefy.pluginengine.api.spi.Cancellation;
import io.spirefy.pluginengine.api.spi.GuestOutput;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmInstance;
import io.spirefy.pluginengine.api.spi.WasmModule;
import org.extism.sdk.chicory.ExtismHostFunction;
import org.extism.sdk.chicory.Manifest;
import org.extism.sdk.chicory.ManifestWasm;
import org.extism.sdk.chicory.Plugin;

import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A module compiled once. Immutable after construction, so any number of threads may instantiate it
 * at the same time; each instance gets its own sdk objects.
 */
final class ChicoryWasmModule implements WasmModule {

    /** The entry points the sdk may run itself (its order: hs_init, _initialize, _start, __wasm_call_ctors). */
    private static final Set<String> INITIALIZERS = Set.of("hs_init", "_initialize", "_start", "__wasm_call_ctors");

    private final String name;
    private final KernelMachines kernel;
    /** The module's whole bytes: what instances made before a background compile ends are given. */
    private final byte[] wholeWasm;
    /** The machines and the bytes instances get; null while the module compiles in the background. */
    private volatile Ready ready;
    /** The compile running in the background, or null when the module was compiled before it was returned. */
    private final BackgroundCompile background;
    /** Whether {@link #close()} waits for a background compile (its classes go to a code cache). */
    private final boolean waitOnClose;
    /** The instance budget (own memory and kernel together), see {@link MemoryBudget}. */
    private final int maxPages;
    /** Function exports by name, with their types; hashed: {@code hasFunction} asks on every call. */
    private final Map<String, FunctionType> exports;
    /** The exports an Extism call may name ({@code () -> i32}), hashed: looked up on every call. */
    private final Set<String> callable;
    /**
     * The own memory's limits: its initial size, and at most the spec's maximum (the whole budget: the
     * kernel's share is checked by {@link MemoryBudget}); null without memory.
     */
    private final MemoryBounds memory;

    /**
     * A module's compiled machines and the bytes the sdk gets for each instance: the stub when every
     * function is compiled (see WasmStub), else the module itself (not copied: ModuleSpec's contract
     * is that nobody modifies the array, and a copy doubled every module's bytes on the heap).
     */
    private record Ready(Machines.Compiled machines, byte[] wasm) {
        static Ready of(Machines.Compiled machines, byte[] whole, byte[] stub) {
            boolean allCompiled = !machines.wholeModule() && machines.interpreted().isEmpty();
            // A module that logs gets a copy of the bytes the sdk reads, its log imports moved to where
            // the engine routes them (LogImports): only import names change, so the machines still fit.
            return new Ready(machines, LogImports.moved(!allCompiled ? whole : stub != null ? stub : stubOf(whole)));
        }
    }

    /** The memory limits applied to the module's own memory, and whether the maximum is the engine's. */
    record MemoryBounds(int initial, int maximum, boolean engineLimit) {
    }

    /** Where a module's machines come from: a compile, or a cache entry. */
    @FunctionalInterface
    interface MachineSource {
        Machines.Compiled machines() throws WasmException;
    }

    /**
     * @param parsed the module as parsed: the whole module, or its {@link WasmStub} when {@code stub} is that
     * @param stub   the {@link WasmStub} of the module when the caller has it, else null
     */
    ChicoryWasmModule(ModuleSpec spec, com.dylibso.chicory.wasm.WasmModule parsed, byte[] stub, KernelMachines kernel,
                      MachineSource source) throws WasmException {
        this(spec, parsed, kernel, null, false);
        this.ready = Ready.of(source.machines(), spec.wasm(), stub);
        // A stub's bodies are all 'unreachable': its bound would be a lie. Without one, the code is parsed.
        if (stub == null) this.stackBytesPerEntry = withKernel(StackBound.of(parsed));
    }

    /**
     * A module whose instances run interpreted until {@code background} is done, and compiled from
     * then on (see {@link SwitchingMachine}); null {@code background}: the caller sets {@link #ready}.
     *
     * @param parsed      the whole module, parsed and validated
     * @param waitOnClose whether {@link #close()} waits for the compile (so its classes reach a cache)
     */
    ChicoryWasmModule(ModuleSpec spec, com.dylibso.chicory.wasm.WasmModule parsed, KernelMachines kernel,
                      BackgroundCompile background, boolean waitOnClose) throws WasmException {
        this.name = spec.name();
        this.kernel = kernel;
        this.exports = functionExports(parsed);
        this.callable = new HashSet<>();
        exports.forEach((export, type) -> {
            // An initializer is never called by name (contract section 7), whatever its type.
            if (isExtismFunction(type) && !INITIALIZERS.contains(export)) callable.add(export);
        });
        this.memory = memoryBounds(spec, parsed);
        this.maxPages = spec.maxMemoryPages();
        this.wholeWasm = LogImports.moved(spec.wasm());
        this.background = background;
        this.waitOnClose = waitOnClose;
        kernel.ensureCompiled();
        if (background != null) {
            background.whenDone(machines -> ready = Ready.of(machines, wholeWasm, null));
            this.stackBytesPerEntry = withKernel(StackBound.of(parsed)); // the whole module, as the caller parsed it
        }
    }

    /**
     * {@link #stackBytesPerEntry()} until it is known: from the module as parsed for compiling when
     * that has its code (a pass over its instructions); else (compiled code from the cache, parsed
     * as a stub) on first ask, by parsing it again, for modules of at most {@link #REPARSE_MAX_BYTES}.
     */
    private static final long NOT_YET = Long.MIN_VALUE;
    private volatile long stackBytesPerEntry = NOT_YET;

    /**
     * The sdk's and Chicory's frames from a call's entry to the guest's first function, and those of
     * one host function (WASI, logging, the engine's) at the deepest point, up to where the engine
     * takes over ({@code ENGINE_BYTES_PER_LEVEL} of engine-core); generous.
     */
    static final long ENTRY_BYTES = 128L << 10;

    /**
     * Larger modules whose code was not parsed here get no bound rather than a parse on the call
     * path that first asks (a 2 MB Go module takes about a second; such modules recurse anyway).
     */
    static final int REPARSE_MAX_BYTES = 256 << 10;

    /**
     * Chicory runs wasm frames as Java frames with no limit of its own: bounded only for a module
     * that cannot recurse ({@link StackBound}), where it is the module's deepest chain of frames
     * plus the kernel's (which runs on top of the guest's frames) plus {@link #ENTRY_BYTES}.
     */
    @Override
    public long stackBytesPerEntry() {
        long bound = stackBytesPerEntry;
        if (bound == NOT_YET) {
            bound = stackBound();
            stackBytesPerEntry = bound;
        }
        return bound;
    }

    private long stackBound() {
        if (wholeWasm.length > REPARSE_MAX_BYTES) return StackBound.UNBOUNDED;
        try {
            return withKernel(StackBound.of(com.dylibso.chicory.wasm.Parser.parse(wholeWasm)));
        } catch (RuntimeException e) {
            Machines.LOG.log(System.Logger.Level.DEBUG, "no stack bound for " + name, e);
            return StackBound.UNBOUNDED;
        }
    }

    /** The bound of an entry whose guest code takes at most {@code own}: the kernel and the entry on top. */
    private long withKernel(long own) {
        long kernelOwn = kernel.stackBound();
        if (own == StackBound.UNBOUNDED || kernelOwn == StackBound.UNBOUNDED) return StackBound.UNBOUNDED;
        return ENTRY_BYTES + own + kernelOwn;
    }

    /** The compiled machines, waiting for a background compile to end (tests). */
    private Machines.Compiled machines() {
        Ready r = ready;
        if (r != null) return r.machines();
        Machines.Compiled done = background.await();
        return done != null ? done : Machines.Compiled.interpreter();
    }

    /** Whether the module's compile has ended (at once unless it runs in the background). */
    boolean compiled() {
        return ready != null;
    }

    private static byte[] stubOf(byte[] wasm) {
        try {
            return WasmStub.withoutCode(wasm);
        } catch (RuntimeException e) { // cannot happen on a module that parsed; the whole module is always right
            Machines.LOG.log(System.Logger.Level.WARNING, "cannot strip the code of a module; instances parse it whole", e);
            return wasm;
        }
    }

    String name() {
        return name;
    }

    Map<String, FunctionType> exports() {
        return exports;
    }

    boolean exports(String function) {
        return exports.containsKey(function);
    }

    /** Whether {@code function} is an export with the Extism signature. */
    boolean callable(String function) {
        return callable.contains(function);
    }

    MemoryBounds memory() {
        return memory;
    }

    /** Functions (by index, imports counted) that run in the interpreter inside compiled code. */
    Set<Integer> interpretedFunctions() {
        return machines().interpreted();
    }

    /** Whether the whole module runs in the interpreter (the compiler failed or overran its time). */
    boolean runsInterpreted() {
        return machines().wholeModule();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Cost: compiled code is reused, but chicory-sdk 0.3.0 parses and validates the plugin's bytes and
     * the kernel's again for every instance (it accepts no parsed module), and allocates the kernel's
     * memory; that is most of the ~2 ms a warm instantiation takes, and grows with the module's size.
     *
     * <p>Clock: the start section and {@code _initialize} run on the calling thread, which a cancel
     * interrupts (see {@link GuestRun}); the interrupt is cleared before this returns.
     */
    @Override
    public WasmInstance instantiate(List<HostFunction> hostFunctions, Cancellation cancellation) throws WasmException {
        return instantiate(hostFunctions, cancellation, GuestOutput.NONE);
    }

    /** {@inheritDoc} Everything is routed: the log functions and both WASI streams ({@link GuestOutputLink}). */
    @Override
    public WasmInstance instantiate(List<HostFunction> hostFunctions, Cancellation cancellation, GuestOutput output)
            throws WasmException {
        MemoryBudget budget = new MemoryBudget(maxPages);
        // Set by the machine factory when the sdk builds the plugin's instance: the only way to reach the
        // plugin's own memory, which the sdk keeps private. Both instances exist before any guest code runs.
        AtomicReference<Instance> main = new AtomicReference<>();
        AtomicReference<Instance> kernelInstance = new AtomicReference<>();
        Ready now = ready;
        // Made before a background compile ended: interpreted for now, compiled from a later call on.
        Function<Instance, Machine> own = now != null ? now.machines().factory()
                : instance -> new SwitchingMachine(instance, background::ready);
        byte[] wasm = now != null ? now.wasm() : wholeWasm;
        Function<Instance, Machine> machines = instance -> {
            if (kernel.isKernel(instance.module())) {
                kernelInstance.compareAndSet(null, instance);
                return kernel.machineFor(instance, budget);
            }
            main.compareAndSet(null, instance);
            budget.own(instance.memory());
            // The module is parsed, validated and linked: its own code (start section,
            // _initialize) runs next, on the engine's clock for guest code.
            cancellation.guestStarting();
            return own.apply(instance);
        };
        // withAoT() only makes the sdk apply a machine factory to the plugin; with our own factory set it
        // compiles nothing (the sdk's per-instance AoT factory is used only when none is given).
        Manifest.Options options = new Manifest.Options().withAoT().withMachineFactory(machines)
                .withWasi(GuestOutputLink.wasi(output));
        if (memory != null) {
            options.withMemoryLimits(memory.initial(), memory.maximum());
        }
        Manifest manifest = Manifest.ofWasms(ManifestWasm.fromBytes(wasm).build()).withOptions(options).build();

        List<ExtismHostFunction> logFunctions = GuestOutputLink.logFunctions(output);
        ExtismHostFunction[] extismFunctions = new ExtismHostFunction[hostFunctions.size() + logFunctions.size()];
        for (int i = 0; i < hostFunctions.size(); i++) {
            extismFunctions[i] = HostFunctionAdapter.toExtism(hostFunctions.get(i));
        }
        for (int i = 0; i < logFunctions.size(); i++) {
            extismFunctions[hostFunctions.size() + i] = logFunctions.get(i);
        }
        LinkLogger logger = new LinkLogger(name);
        GuestRun run = new GuestRun();
        Plugin plugin = null;
        Throwable failure = null;
        boolean interrupted;
        run.begin();
        // Registered once the run has begun: a cancellation already fired interrupts at once, and Chicory
        // stops at its first check (before the guest's first loop or call).
        try (Cancellation.Registration ignored = cancellation.onCancel(run::interrupt)) {
            plugin = Plugin.ofManifest(manifest).withHostFunctions(extismFunctions).withLogger(logger).build();
        } catch (Throwable e) { // whatever guest code provoked is a failure of this instantiation (see WasmModule)
            failure = e;
        } finally {
            interrupted = run.end();
            logger.linked();
        }
        if (failure == null && !budget.within()) {
            failure = budget.exceeded();
        }
        if (failure != null) {
            budget.release();
            throw instantiationFailure(logger, failure, interrupted);
        }
        return new ChicoryInstance(this, plugin, main.get(), kernelInstance.get(), budget);
    }

    private WasmException instantiationFailure(LinkLogger logger, Throwable failure, boolean cancelled) {
        String prefix = "cannot instantiate module " + name + ": ";
        if (cancelled || Failures.causedBy(failure, ChicoryInterruptedException.class) != null) {
            return new WasmException(WasmException.Kind.CANCELLED, prefix + "cancelled (its start section or"
                    + " _initialize ran past the time it was given)", failure);
        }
        MemoryLimitException limit = Failures.causedBy(failure, MemoryLimitException.class);
        if (limit != null) {
            return new WasmException(WasmException.Kind.MEMORY_LIMIT, prefix + limit.getMessage(), failure);
        }
        if (Failures.causedBy(failure, OutOfMemoryError.class) != null) {
            return new WasmException(WasmException.Kind.MEMORY_LIMIT, prefix + "the JVM ran out of memory while"
                    + " the plugin initialized (past the memory limit of the JVM itself)", failure);
        }
        if (Failures.causedBy(failure, StackOverflowError.class) != null) {
            // Said in these words so that the engine can tell a thread's exhausted stack from a broken module.
            return new WasmException(WasmException.Kind.LINK, prefix + Failures.STACK_EXHAUSTED, failure);
        }
        HostFunctionException host = Failures.causedBy(failure, HostFunctionException.class);
        if (host != null) {
            return new WasmException(WasmException.Kind.LINK, prefix + "failed in host function " + host.function()
                    + ": " + host.getMessage(), failure);
        }
        return new WasmException(WasmException.Kind.LINK, linkFailure(logger, failure), failure);
    }

    private String linkFailure(LinkLogger logger, Throwable e) {
        List<String> unresolved = logger.unresolvedImports();
        if (!unresolved.isEmpty()) {
            return "cannot instantiate module " + name + ": unsatisfied imports " + String.join(", ", unresolved)
                    + " (the engine, the host, Extism (extism:host/env) and WASI preview 1 offer none of them)";
        }
        return "cannot instantiate module " + name + ": " + Failures.reason(e);
    }

    @Override
    public void close() {
        // Nothing to free: compiled classes go with their class loader once no instance refers to them.
        // A compile whose classes are meant for a code cache is waited for (at most its compile
        // timeout), so that the next process starts warm: see ChicoryRuntime, "First calls".
        if (background != null && waitOnClose && ready == null) {
            background.await();
        }
    }

    @Override
    public String toString() {
        return "chicory module " + name;
    }

    private static Map<String, FunctionType> functionExports(com.dylibso.chicory.wasm.WasmModule m) {
        int importedFunctions = m.importSection().count(ExternalType.FUNCTION);
        Map<String, FunctionType> result = new HashMap<>();
        var section = m.exportSection();
        for (int i = 0; i < section.exportCount(); i++) {
            var export = section.getExport(i);
            if (export.exportType() != ExternalType.FUNCTION) {
                continue;
            }
            int index = export.index();
            FunctionType type;
            if (index < importedFunctions) {
                // A re-exported import: its type is on the import.
                type = importedFunctionType(m, index);
            } else {
                type = m.functionSection().getFunctionType(index - importedFunctions, m.typeSection());
            }
            result.put(export.name(), type);
        }
        return Collections.unmodifiableMap(result);
    }

    private static FunctionType importedFunctionType(com.dylibso.chicory.wasm.WasmModule m, int functionIndex) {
        int seen = 0;
        var imports = m.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            var imp = imports.getImport(i);
            if (imp.importType() == ExternalType.FUNCTION) {
                if (seen++ == functionIndex) {
                    int typeIndex = ((com.dylibso.chicory.wasm.types.FunctionImport) imp).typeIndex();
                    return m.typeSection().getType(typeIndex);
                }
            }
        }
        return FunctionType.empty();
    }

    private static MemoryBounds memoryBounds(ModuleSpec spec, com.dylibso.chicory.wasm.WasmModule m)
            throws WasmException {
        var section = m.memorySection();
        if (section.isEmpty() || section.get().memoryCount() == 0) {
            return null;
        }
        var limits = section.get().getMemory(0).limits();
        int initial = limits.initialPages();
        if (initial > spec.maxMemoryPages()) {
            throw new WasmException(WasmException.Kind.LINK, "module " + spec.name() + " declares " + initial
                    + " initial memory pages, more than the limit of " + spec.maxMemoryPages() + " pages");
        }
        int declaredMax = limits.maximumPages();
        boolean engineLimit = declaredMax >= spec.maxMemoryPages();
        return new MemoryBounds(initial, Math.min(declaredMax, spec.maxMemoryPages()), engineLimit);
    }

    /** Whether {@code type} is an Extism export: {@code () -> i32}. */
    static boolean isExtismFunction(FunctionType type) {
        return type.params().isEmpty() && type.returns().size() == 1 && type.returns().get(0).equals(ValType.I32);
    }
}
