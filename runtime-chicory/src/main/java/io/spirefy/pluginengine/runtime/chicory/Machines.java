package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.runtime.CompiledModule;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compiles a parsed module once into a machine factory that later instances reuse. */
final class Machines {

    static final System.Logger LOG = System.getLogger("io.spirefy.pluginengine.runtime.chicory");

    /** How Chicory's compiler names the function it could not fit in a JVM method. */
    private static final Pattern FUNCTION_INDEX = Pattern.compile("WASM function index: (\\d+)");
    /** Each retry adds one function to the interpreted set; a module needing more is interpreted whole. */
    private static final int MAX_RETRIES = 16;

    /**
     * A module's machines.
     *
     * @param factory     makes the machine of each instance
     * @param interpreted functions that run in the interpreter inside otherwise compiled code
     * @param wholeModule whether the whole module runs in the interpreter
     */
    record Compiled(Function<Instance, Machine> factory, Set<Integer> interpreted, boolean wholeModule) {
        static Compiled interpreter() {
            return new Compiled(InterpreterMachine::new, Set.of(), true);
        }
    }

    /**
     * Functions per generated class (Chicory's default is 12k: one class for a whole Go module). ASM
     * reads and writes a whole class a second time when any of its methods has a jump too long for a
     * 16-bit offset (a Go module has a few such functions); in classes of 200 functions that second
     * pass redoes only the few classes holding one. Measured on the Go examples (C1, one thread's CPU,
     * fresh JVMs): a module's compile takes about 18 % less than in one class. See docs/PERFORMANCE.md,
     * "First start without a cache".
     */
    static final int MAX_FUNCTIONS_PER_CLASS = Integer.getInteger("pluginengine.chicory.functionsPerClass", 200);

    /** Where a compile leaves its classes for later processes. */
    interface Store {
        /** The classes of a compile with {@code interpreted} functions left to the interpreter. */
        void put(Set<Integer> interpreted, byte[] classes);
    }

    private Machines() {
    }

    /**
     * The machine factory of {@code module} from classes a cache entry holds (compiled earlier from
     * the same bytes and options): Chicory defines them without compiling anything.
     */
    static Compiled load(WasmModule module, Set<Integer> interpreted, byte[] classes) {
        Cache entry = new Cache() {
            @Override
            public byte[] get(String key) {
                return classes;
            }

            @Override
            public void putIfAbsent(String key, byte[] data) {
                // loaded from the cache: nothing new to keep
            }
        };
        MachineFactoryCompiler.Builder builder = MachineFactoryCompiler.builder(module).withCache(entry);
        Function<Instance, Machine> checked = builder.compile();
        if (!(checked instanceof CompiledModule)) {
            throw new IllegalStateException("Chicory gave no reusable factory for cached classes");
        }
        return new Compiled(((CompiledModule) checked).machineFactory(), Set.copyOf(interpreted), false);
    }

    /** As {@link #compile(WasmModule, String, Set, Store)}, keeping nothing. */
    static Compiled compile(WasmModule module, String label, Set<Integer> interpreted) {
        return compile(module, label, interpreted, null);
    }

    /**
     * The compiled machine factory of {@code module}, with the functions in {@code interpreted} left to
     * the interpreter; the interpreter for the whole module when the compiler fails on it.
     *
     * <p>The chicory-sdk parses the module again for every instance, so the factory must accept an
     * instance of an equal but not identical module: Chicory's public factory checks identity, so the
     * raw factory behind it ({@link CompiledModule#machineFactory()}) is used. It only needs the
     * instance's memory, tables, globals and imports, which an equal module gives.
     */
    static Compiled compile(WasmModule module, String label, Set<Integer> interpreted, Store store) {
        Set<Integer> fallback = new TreeSet<>(interpreted);
        try {
            for (int attempt = 0; ; attempt++) {
                try {
                    // FAIL: Chicory must not leave a function to the interpreter on its own, or the set a
                    // cache entry records would not be the whole set.
                    MachineFactoryCompiler.Builder builder = MachineFactoryCompiler.builder(module)
                            .withInterpreterFallback(InterpreterFallback.FAIL)
                            .withMaxFunctionsPerClass(MAX_FUNCTIONS_PER_CLASS);
                    if (!fallback.isEmpty()) builder.withInterpretedFunctions(Set.copyOf(fallback));
                    if (store != null) builder.withCache(writer(store, Set.copyOf(fallback)));
                    Function<Instance, Machine> checked = builder.compile();
                    if (checked instanceof CompiledModule) {
                        return new Compiled(((CompiledModule) checked).machineFactory(), Set.copyOf(fallback), false);
                    }
                    // A future Chicory may not expose the raw factory: the interpreter is always correct.
                    LOG.log(System.Logger.Level.WARNING, "Chicory compiler gave no reusable factory for "
                            + label + "; running it in the interpreter");
                    return Compiled.interpreter();
                } catch (ChicoryException e) {
                    // With a fixed interpreted set Chicory no longer falls back by itself on a function too
                    // large for a JVM method: it names the function, which joins the set.
                    Integer tooLarge = tooLargeFunction(e);
                    if (tooLarge == null || attempt >= MAX_RETRIES || !fallback.add(tooLarge)) {
                        throw e;
                    }
                }
            }
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // Rare: the compiler rejects something the interpreter handles. The interpreter is slower
            // (about 30x) but behaves the same, so the plugin still works.
            LOG.log(System.Logger.Level.WARNING, "Chicory compiler failed on " + label
                    + "; running it in the interpreter: " + e, e);
            return Compiled.interpreter();
        }
    }

    private static Cache writer(Store store, Set<Integer> interpreted) {
        return new Cache() {
            @Override
            public byte[] get(String key) {
                return null; // the caller looked already
            }

            @Override
            public void putIfAbsent(String key, byte[] data) {
                store.put(interpreted, data);
            }
        };
    }

    private static Integer tooLargeFunction(ChicoryException e) {
        Matcher m = FUNCTION_INDEX.matcher(String.valueOf(e.getMessage()));
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }
}
