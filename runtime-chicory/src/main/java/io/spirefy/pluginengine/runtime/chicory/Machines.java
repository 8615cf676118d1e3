package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.CompiledModule;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;

import java.util.function.Function;

/** Compiles a parsed module once into a machine factory that later instances reuse. */
final class Machines {

    static final System.Logger LOG = System.getLogger("io.spirefy.pluginengine.runtime.chicory");

    private Machines() {
    }

    /**
     * The compiled machine factory of {@code module}, or the interpreter when the compiler fails on it.
     *
     * <p>The chicory-sdk parses the module again for every instance, so the factory must accept an
     * instance of an equal but not identical module: Chicory's public factory checks identity, so the
     * raw factory behind it ({@link CompiledModule#machineFactory()}) is used. It only needs the
     * instance's memory, tables, globals and imports, which an equal module gives.
     */
    static Function<Instance, Machine> compile(WasmModule module, String label) {
        try {
            Function<Instance, Machine> checked = MachineFactoryCompiler.compile(module);
            if (checked instanceof CompiledModule) {
                return ((CompiledModule) checked).machineFactory();
            }
            // A future Chicory may not expose the raw factory: the interpreter is always correct.
            LOG.log(System.Logger.Level.WARNING, "Chicory compiler gave no reusable factory for "
                    + label + "; running it in the interpreter");
            return InterpreterMachine::new;
        } catch (RuntimeException | LinkageError e) {
            // Rare: the compiler rejects something the interpreter handles (e.g. a huge function). The
            // interpreter is slower (about 30x) but behaves the same, so the plugin still works.
            LOG.log(System.Logger.Level.WARNING, "Chicory compiler failed on " + label
                    + "; running it in the interpreter: " + e, e);
            return InterpreterMachine::new;
        }
    }
}
