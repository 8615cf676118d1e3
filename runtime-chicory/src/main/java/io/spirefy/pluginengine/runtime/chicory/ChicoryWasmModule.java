package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.spirefy.pluginengine.api.spi.Cancellation;
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

    private final String name;
    private final byte[] wasm;
    private final KernelMachines kernel;
    private final Function<Instance, Machine> pluginMachines;
    /** Function exports by name, with their types; hashed: {@code hasFunction} asks on every call. */
    private final Map<String, FunctionType> exports;
    /** The exports an Extism call may name ({@code () -> i32}), hashed: looked up on every call. */
    private final Set<String> callable;
    /** The plugin memory's limits: its own initial size, and at most the spec's maximum; null without memory. */
    private final MemoryBounds memory;

    /** The memory limits applied to the module's own memory, and whether the maximum is the engine's. */
    record MemoryBounds(int initial, int maximum, boolean engineLimit) {
    }

    ChicoryWasmModule(ModuleSpec spec, com.dylibso.chicory.wasm.WasmModule parsed, KernelMachines kernel)
            throws WasmException {
        this.name = spec.name();
        // The sdk re-reads these bytes for every instance; a private copy keeps the caller's array ours alone.
        this.wasm = spec.wasm().clone();
        this.kernel = kernel;
        this.exports = functionExports(parsed);
        this.callable = new HashSet<>();
        exports.forEach((export, type) -> {
            if (isExtismFunction(type)) callable.add(export);
        });
        this.memory = memoryBounds(spec, parsed);
        kernel.ensureCompiled();
        this.pluginMachines = Machines.compile(parsed, "module " + name);
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

    /**
     * {@inheritDoc}
     *
     * <p>Cost: compiled code is reused, but chicory-sdk 0.3.0 parses and validates the plugin's bytes and
     * the kernel's again for every instance (it accepts no parsed module), and allocates the kernel's
     * memory; that is most of the ~2 ms a warm instantiation takes, and grows with the module's size.
     */
    @Override
    public WasmInstance instantiate(List<HostFunction> hostFunctions, Cancellation cancellation) throws WasmException {
        // Set by the machine factory when the sdk builds the plugin's instance: the only way to reach the
        // plugin's own memory, which the sdk keeps private (needed to recognise a memory-limit failure).
        AtomicReference<Instance> main = new AtomicReference<>();
        AtomicReference<Instance> kernelInstance = new AtomicReference<>();
        Function<Instance, Machine> machines = instance -> {
            if (kernel.isKernel(instance.module())) {
                kernelInstance.compareAndSet(null, instance);
                return kernel.machineFor(instance);
            }
            main.compareAndSet(null, instance);
            return pluginMachines.apply(instance);
        };
        // withAoT() only makes the sdk apply a machine factory to the plugin; with our own factory set it
        // compiles nothing (the sdk's per-instance AoT factory is used only when none is given).
        Manifest.Options options = new Manifest.Options().withAoT().withMachineFactory(machines);
        if (memory != null) {
            options.withMemoryLimits(memory.initial(), memory.maximum());
        }
        Manifest manifest = Manifest.ofWasms(ManifestWasm.fromBytes(wasm).build()).withOptions(options).build();

        ExtismHostFunction[] extismFunctions = new ExtismHostFunction[hostFunctions.size()];
        for (int i = 0; i < extismFunctions.length; i++) {
            extismFunctions[i] = HostFunctionAdapter.toExtism(hostFunctions.get(i));
        }
        LinkLogger logger = new LinkLogger(name);
        Plugin plugin;
        try {
            plugin = Plugin.ofManifest(manifest).withHostFunctions(extismFunctions).withLogger(logger).build();
        } catch (RuntimeException | StackOverflowError e) {
            throw new WasmException(WasmException.Kind.LINK, linkFailure(logger, e), e);
        } finally {
            logger.linked();
        }
        return new ChicoryInstance(this, plugin, main.get(), kernelInstance.get());
    }

    private String linkFailure(LinkLogger logger, Throwable e) {
        List<String> unresolved = logger.unresolvedImports();
        if (!unresolved.isEmpty()) {
            return "cannot instantiate module " + name + ": unsatisfied imports " + String.join(", ", unresolved)
                    + " (the engine, the host, Extism (extism:host/env) and WASI preview 1 offer none of them)";
        }
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        return "cannot instantiate module " + name + ": " + reason;
    }

    @Override
    public void close() {
        // Nothing to free: compiled classes go with their class loader once no instance refers to them.
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
