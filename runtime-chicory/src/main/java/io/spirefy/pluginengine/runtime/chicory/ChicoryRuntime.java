package io.spirefy.pluginengine.runtime.chicory;

import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.api.spi.WasmRuntime;

import io.spirefy.pluginengine.api.CodeCache;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The pure-JVM runtime: Extism plugins on <a href="https://chicory.dev">Chicory</a> through the Extism
 * chicory-sdk. It needs nothing but the JVM, so it is always available.
 *
 * <p><b>Compilation.</b> Each module is compiled to JVM bytecode once, in {@link #compile}, by Chicory's
 * compiler; every instance of it reuses that machine factory. The Extism kernel (the module the sdk
 * links under every plugin, the one exporting {@code input_set}) is compiled once per runtime object,
 * on a thread of its own from the first module's arrival, while that module is parsed. The sdk's own {@code withAoT()} path is not used: it recompiles kernel and plugin on
 * every instantiation. When the compiler cannot handle a module, that module runs in the interpreter
 * (logged as a warning), which is slower but equivalent. Functions too big to compile quickly
 * ({@link CompileBounds}) run in the interpreter inside otherwise compiled code, and a compile that
 * overruns {@code ModuleSpec.compileTimeout()} leaves its module interpreted ({@link BoundedCompiler}).
 *
 * <p><b>First calls (off by default).</b> With {@code -Dpluginengine.chicory.interpretFirstBytes=N}, a
 * module of at least N bytes that is not in the code cache is parsed and validated, returned at once,
 * and compiled on a background thread ({@link BackgroundCompile}: compiles use one core fewer than the
 * machine has, so that the interpreted guest code keeps one); its instances run in Chicory's interpreter until the compile
 * ends, and then switch to the compiled code at their next call ({@link SwitchingMachine}), keeping
 * their state; instances made after it get the compiled code directly. Bounds are the same in both
 * modes: the interpreter stops on a thread interrupt, traps on an exhausted stack, and its memory is
 * the instance's. When a code cache is configured, {@link WasmModule#close()} waits for a compile in
 * progress (so that the next process starts warm: a one-shot CLI otherwise never fills the cache);
 * without one it does not, and a process that exits first just drops the compile (the thread is a
 * daemon; cache entries are written whole and moved into place). Why it is off: measured on the Go
 * examples, the interpreted {@code _initialize} of a Go module and the sdk's second whole parse cost
 * about as much as compiling saves, and on a loaded machine the interpreted {@code _initialize} overran
 * the 5 s call timeout (docs/PERFORMANCE.md, "First start without a cache").
 *
 * <p><b>Memory.</b> {@code ModuleSpec.maxMemoryPages} bounds each instance's own memory and its
 * Extism kernel's memory together: see {@link MemoryBudget} for the exact rule.
 *
 * <p><b>Priority 100.</b> The engine picks the available runtime of the highest priority when the host
 * names none. This one always works (no native library, any OS and architecture, inside a jlink
 * image), and compiled Chicory is fast enough for plugin work (measured here on a small plugin: a warm
 * call with one host call 2-4 µs, a warm instantiation about 2 ms). The native Extism runtime should rank below it (suggested 50) until it is measured faster
 * for the engine's typical calls, since it also depends on a platform library being present.
 */
public final class ChicoryRuntime implements WasmRuntime {

    /** The name a host picks this runtime by. */
    public static final String NAME = "chicory";

    /** See the class comment for the reasoning. */
    public static final int PRIORITY = 100;

    /**
     * Modules of at least this many bytes run their first calls interpreted while they compile in the
     * background (see the class comment, "First calls"); off unless set. Go modules are 2-3 MB; C and
     * AssemblyScript plugins are a few KB and compile in well under a second.
     */
    static final long INTERPRET_FIRST_BYTES = Long.getLong("pluginengine.chicory.interpretFirstBytes", Long.MAX_VALUE);

    private final KernelMachines kernel = new KernelMachines();
    private final BoundedCompiler compiler;
    private final long interpretFirstBytes;
    /** Null until {@link #useCodeCache}, and when the cache cannot be used. */
    private volatile CompiledCodeCache cache;

    /** For {@link java.util.ServiceLoader}; cheap: nothing is compiled before the first module. */
    public ChicoryRuntime() {
        this(CompileBounds.DEFAULT);
    }

    /** With other compile bounds (tests of the timeout backstop). */
    ChicoryRuntime(CompileBounds bounds) {
        this(bounds, INTERPRET_FIRST_BYTES);
    }

    /** With another size from which modules run interpreted while they compile (tests: 0 for all). */
    ChicoryRuntime(CompileBounds bounds, long interpretFirstBytes) {
        this.compiler = new BoundedCompiler(bounds);
        this.interpretFirstBytes = interpretFirstBytes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Entries go to {@code <folder>/chicory/} ({@link CompiledCodeCache} says the layout and the
     * checks), the Extism kernel's too. A module found there is not compiled, and its code is neither
     * parsed nor validated again: the entry's HMAC proves that this runtime wrote it after parsing,
     * validating and compiling exactly these bytes (their SHA-256 is in the key). The module's other
     * sections are still parsed (from its {@link WasmStub}), for its exports, imports and memory.
     */
    @Override
    public void useCodeCache(CodeCache codeCache, Consumer<String> warnings) {
        CompiledCodeCache opened = CompiledCodeCache.open(codeCache, warnings);
        cache = opened;
        kernel.useCache(opened);
    }

    /** The cache in use, or null (tests). */
    CompiledCodeCache codeCache() {
        return cache;
    }

    @Override
    public WasmModule compile(ModuleSpec spec) throws WasmException {
        long start = System.nanoTime();
        kernel.prepareInBackground();
        CompiledCodeCache store = cache;
        String key = null;
        if (store != null) {
            key = CacheKeys.module(spec.wasm(), compiler.bounds());
            CompiledCodeCache.Entry entry = store.get(key, "module " + spec.name());
            if (entry != null) {
                ChicoryWasmModule loaded = fromCache(spec, entry, store, key);
                if (loaded != null) return loaded;
            }
        }
        String label = "module " + spec.name();
        String entryKey = key;
        Machines.Store keep = store == null ? null
                : (interpreted, classes) -> store.put(entryKey, interpreted, classes, label);
        com.dylibso.chicory.wasm.WasmModule parsed = parse(spec, spec.wasm());
        if (spec.wasm().length >= interpretFirstBytes) {
            // Nobody waits for it: the whole timeout counts from when the compile begins, not from here
            // (it may wait for other modules' compiles first).
            return new ChicoryWasmModule(spec, parsed, kernel, BackgroundCompile.start(label,
                    () -> compiler.compile(parsed, label, spec.compileTimeout(), keep)), store != null);
        }
        long deadline = start + spec.compileTimeout().toNanos();
        return new ChicoryWasmModule(spec, parsed, null, kernel, () -> compiler.compile(parsed, label,
                // What parsing (and the kernel's first compile) left of the timeout, and at least a moment.
                java.time.Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000)), keep));
    }

    /** The module from a verified entry; null when its classes do not load here (then it is compiled). */
    private ChicoryWasmModule fromCache(ModuleSpec spec, CompiledCodeCache.Entry entry, CompiledCodeCache store, String key)
            throws WasmException {
        try {
            // Interpreted functions need their bodies parsed and validated (the validator annotates them).
            byte[] stub = entry.interpreted().isEmpty() ? WasmStub.withoutCode(spec.wasm()) : null;
            com.dylibso.chicory.wasm.WasmModule parsed = parse(spec, stub != null ? stub : spec.wasm());
            Machines.Compiled machines = Machines.load(parsed, entry.interpreted(), entry.classes());
            return new ChicoryWasmModule(spec, parsed, stub, kernel, () -> machines);
        } catch (RuntimeException | LinkageError e) {
            store.discard(key, "module " + spec.name(), "could not be loaded: " + Failures.reason(e));
            return null;
        }
    }

    private static com.dylibso.chicory.wasm.WasmModule parse(ModuleSpec spec, byte[] wasm) throws WasmException {
        com.dylibso.chicory.wasm.WasmModule parsed;
        try {
            parsed = ModuleParser.parse(wasm);
        } catch (RuntimeException e) { // malformed bytes surface as several unchecked types
            throw new WasmException(WasmException.Kind.LINK,
                    "module " + spec.name() + " is not a valid WebAssembly module: " + Failures.reason(e), e);
        } catch (StackOverflowError e) {
            throw new WasmException(WasmException.Kind.LINK,
                    "module " + spec.name() + " could not be parsed: " + Failures.STACK_EXHAUSTED, e);
        } catch (OutOfMemoryError e) {
            throw new WasmException(WasmException.Kind.MEMORY_LIMIT,
                    "module " + spec.name() + " does not fit in the JVM's memory to be parsed", e);
        }
        return parsed;
    }

    @Override
    public String toString() {
        return "ChicoryRuntime[" + NAME + ", priority " + PRIORITY + "]";
    }
}
