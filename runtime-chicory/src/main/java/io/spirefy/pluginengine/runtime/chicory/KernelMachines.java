package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import org.extism.sdk.chicory.Plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The Extism kernel (the wasm module the chicory-sdk links under every plugin to hold its input,
 * output and allocations), compiled once per runtime, on first use. Each kernel instance runs behind
 * a {@link KernelGuard} holding its plugin instance's {@link MemoryBudget}.
 */
final class KernelMachines {

    /** The sdk's resource name for the kernel; the sdk loads the same bytes for every instance. */
    private static final String KERNEL_RESOURCE = "extism-runtime.wasm";

    /** The export that marks the kernel (no plugin exports it). */
    static final String KERNEL_MARKER_EXPORT = "input_set";

    private static final String LABEL = "the Extism kernel";

    private volatile Compiled compiled;
    private final AtomicBoolean preparing = new AtomicBoolean();
    /** Where the kernel's compiled classes are kept between processes; null for none. */
    private volatile CompiledCodeCache cache;

    /** The kernel's machines, and the indexes of the exports its {@link KernelGuard} watches or asks. */
    private record Compiled(String digest, Function<Instance, Machine> factory, int alloc, int outputSet, int length, long stackBound) {
    }

    /** Keep the kernel's compiled classes in {@code cache} (null: none), like a plugin's. */
    void useCache(CompiledCodeCache cache) {
        this.cache = cache;
    }

    /**
     * Starts compiling (or loading from the cache) the kernel on a daemon thread, once. Called when
     * the first module arrives, so that the kernel is ready by the time that module is parsed: done
     * on the first module's own thread, it held up every module's compile (the others finished
     * parsing and waited for the kernel while a core idled; the kernel's compile is also the
     * compiler's cold start: 3 s of a Go plugin's first start at load 17, docs/PERFORMANCE.md).
     */
    void prepareInBackground() {
        if (compiled != null || !preparing.compareAndSet(false, true)) return;
        Thread thread = new Thread(() -> {
            try {
                compiled();
            } catch (RuntimeException | Error e) {
                // ensureCompiled() tries again on the thread of the first module that needs it, and fails there.
            }
        }, "chicory-kernel-compile");
        thread.setDaemon(true);
        thread.start();
    }

    /** Compiles the kernel if no one has yet; cheap afterwards. */
    void ensureCompiled() {
        compiled();
    }

    /** Whether {@code module} is the kernel: same digest when the parser computed one, else the marker. */
    boolean isKernel(WasmModule module) {
        String digest = compiled().digest();
        if (digest != null && module.digest() != null) {
            return digest.equals(module.digest());
        }
        return exportsFunction(module, KERNEL_MARKER_EXPORT);
    }

    /** {@link StackBound} of the kernel's code, which runs on the stack of the guest calling it. */
    long stackBound() {
        return compiled().stackBound();
    }

    /** The kernel instance's machine, guarded by the budget of the plugin instance it serves. */
    Machine machineFor(Instance instance, MemoryBudget budget) {
        Compiled c = compiled();
        budget.kernel(instance.memory());
        return new KernelGuard(c.factory().apply(instance), budget, c.alloc(), c.outputSet(), c.length());
    }

    private Compiled compiled() {
        Compiled c = compiled;
        if (c == null) {
            synchronized (this) {
                c = compiled;
                if (c == null) {
                    byte[] bytes = kernelBytes();
                    WasmModule kernel = Parser.parse(bytes);
                    c = new Compiled(kernel.digest(), machines(kernel, bytes).factory(),
                            exportedFunction(kernel, "alloc"), exportedFunction(kernel, "output_set"),
                            exportedFunction(kernel, "length"), StackBound.of(kernel));
                    compiled = c;
                }
            }
        }
        return c;
    }

    /** The kernel's machines: from the cache when it holds them, else compiled (and kept there). */
    private Machines.Compiled machines(WasmModule kernel, byte[] bytes) {
        CompiledCodeCache store = cache;
        if (store == null) {
            return Machines.compile(kernel, LABEL, Set.of());
        }
        // The kernel has no function above the compile bounds: the bounds are not part of its key.
        String key = CacheKeys.module(bytes, CompileBounds.NONE);
        CompiledCodeCache.Entry entry = store.get(key, LABEL);
        if (entry != null) {
            try {
                return Machines.load(kernel, entry.interpreted(), entry.classes());
            } catch (RuntimeException | LinkageError e) {
                store.discard(key, LABEL, "could not be loaded: " + Failures.reason(e));
            }
        }
        return Machines.compile(kernel, LABEL, Set.of(), (interpreted, classes) -> store.put(key, interpreted, classes, LABEL));
    }

    private static byte[] kernelBytes() {
        // The resource sits at the root of the sdk jar (no package), so JPMS does not encapsulate it.
        ClassLoader loader = Plugin.class.getClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(KERNEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("chicory-sdk-core has no " + KERNEL_RESOURCE
                        + " resource: is the jar on the class or module path complete?");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + KERNEL_RESOURCE + " from chicory-sdk-core", e);
        }
    }

    static boolean exportsFunction(WasmModule module, String name) {
        return functionIndex(module, name) >= 0;
    }

    /** The function index of export {@code name}, or -1. */
    private static int functionIndex(WasmModule module, String name) {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var export = exports.getExport(i);
            if (export.name().equals(name)
                    && export.exportType() == com.dylibso.chicory.wasm.types.ExternalType.FUNCTION) {
                return export.index();
            }
        }
        return -1;
    }

    private static int exportedFunction(WasmModule kernel, String name) {
        int index = functionIndex(kernel, name);
        if (index < 0) {
            // Without it the budget could not see the kernel grow: refuse to run rather than run unbounded.
            throw new IllegalStateException("the Extism kernel of this chicory-sdk exports no " + name);
        }
        return index;
    }
}
