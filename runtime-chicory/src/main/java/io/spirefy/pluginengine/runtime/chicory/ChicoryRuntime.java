package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.wasm.Parser;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.api.spi.WasmRuntime;

import java.util.Optional;

/**
 * The pure-JVM runtime: Extism plugins on <a href="https://chicory.dev">Chicory</a> through the Extism
 * chicory-sdk. It needs nothing but the JVM, so it is always available.
 *
 * <p><b>Compilation.</b> Each module is compiled to JVM bytecode once, in {@link #compile}, by Chicory's
 * compiler; every instance of it reuses that machine factory. The Extism kernel (the module the sdk
 * links under every plugin, the one exporting {@code input_set}) is compiled once per runtime object,
 * on first use. The sdk's own {@code withAoT()} path is not used: it recompiles kernel and plugin on
 * every instantiation. When the compiler cannot handle a module, that module runs in the interpreter
 * (logged as a warning), which is slower but equivalent. Functions too big to compile quickly
 * ({@link CompileBounds}) run in the interpreter inside otherwise compiled code, and a compile that
 * overruns {@code ModuleSpec.compileTimeout()} leaves its module interpreted ({@link BoundedCompiler}).
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

    private final KernelMachines kernel = new KernelMachines();
    private final BoundedCompiler compiler;

    /** For {@link java.util.ServiceLoader}; cheap: nothing is compiled before the first module. */
    public ChicoryRuntime() {
        this(CompileBounds.DEFAULT);
    }

    /** With other compile bounds (tests of the timeout backstop). */
    ChicoryRuntime(CompileBounds bounds) {
        this.compiler = new BoundedCompiler(bounds);
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

    @Override
    public WasmModule compile(ModuleSpec spec) throws WasmException {
        long start = System.nanoTime();
        com.dylibso.chicory.wasm.WasmModule parsed;
        try {
            parsed = Parser.parse(spec.wasm());
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
        return new ChicoryWasmModule(spec, parsed, kernel, compiler, start + spec.compileTimeout().toNanos());
    }

    @Override
    public String toString() {
        return "ChicoryRuntime[" + NAME + ", priority " + PRIORITY + "]";
    }
}
