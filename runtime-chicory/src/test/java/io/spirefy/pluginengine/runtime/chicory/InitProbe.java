package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.wasm.Parser;
import io.spirefy.pluginengine.api.spi.Cancellation;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Not a test: how long a module's instantiation guest code ({@code _initialize}) and its first call
 * take in Chicory's interpreter and compiled, in a fresh JVM (docs/PERFORMANCE.md, "Cold start on
 * chicory").
 *
 * <pre>java -cp ... io.spirefy.pluginengine.runtime.chicory.InitProbe interpreted|compiled MODULE.wasm [EXPORT]</pre>
 */
public final class InitProbe {

    private InitProbe() {
    }

    /** The process's CPU time (all threads, the JIT's included), ns. */
    private static long cpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    public static void main(String[] args) throws Exception {
        byte[] wasm = Files.readAllBytes(Path.of(args[1]));
        ModuleSpec spec = new ModuleSpec("probe", wasm, 1024, Duration.ofMinutes(10));
        KernelMachines kernel = new KernelMachines();
        kernel.ensureCompiled();
        long cpu0 = cpu();
        long t0 = System.nanoTime();
        com.dylibso.chicory.wasm.WasmModule parsed = Parser.parse(wasm);
        boolean interpreted = args[0].equals("interpreted");
        ChicoryWasmModule module = new ChicoryWasmModule(spec, parsed, null, kernel,
                interpreted ? Machines.Compiled::interpreter : () -> Machines.compile(parsed, "probe", Set.of()));
        long t1 = System.nanoTime();
        long cpu1 = cpu();
        for (int round = 0; round < 3; round++) {
            long[] guest = new long[2];
            long a = System.nanoTime();
            WasmInstance instance = module.instantiate(List.of(), Cancellation.create(() -> {
                guest[0] = System.nanoTime();
                guest[1] = cpu();
            }));
            long b = System.nanoTime();
            long cpuB = cpu();
            String call = "";
            if (args.length > 2) {
                long c0 = System.nanoTime();
                long cc0 = cpu();
                instance.call(args[2], "bob".getBytes());
                call = String.format(", %s %.0f ms (process cpu %.0f)", args[2], (System.nanoTime() - c0) / 1e6,
                        (cpu() - cc0) / 1e6);
            }
            System.out.printf("%s round %d: parse+compile %.0f ms (process cpu %.0f); instantiate %.0f ms, of which guest code %.0f ms (process cpu %.0f)%s%n",
                    args[0], round, (t1 - t0) / 1e6, (cpu1 - cpu0) / 1e6, (b - a) / 1e6, (b - guest[0]) / 1e6,
                    (cpuB - guest[1]) / 1e6, call);
            instance.close();
        }
    }
}
