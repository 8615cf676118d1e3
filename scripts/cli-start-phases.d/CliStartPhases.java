import io.spirefy.pluginengine.api.CodeCache;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.core.PluginEngines;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The steps of a one-shot {@code plugin-engine call}, one after the other in a fresh JVM of the image,
 * each timed in wall time and in CPU time of the main thread (which, unlike wall time, a busy machine
 * hardly changes). Run by scripts/cli-start-phases; prints "phase<TAB>wall ms<TAB>cpu ms" lines.
 *
 * <p>Not the CLI itself: its steps in the same order through the same classes, with two of them
 * split out ahead of the first call, which otherwise does them: the Extism kernel from the code
 * cache (on a runtime object of its own, so the call still does its share again, cheaper) and, in
 * images that make JFR events without a recording, the first event class.
 *
 * <p>Usage: CliStartPhases PLUGIN_ARCHIVE PLUGIN_ID FUNCTION CACHE_DIR
 */
public final class CliStartPhases {

    private static long wall;
    private static long cpu;
    private static final StringBuilder report = new StringBuilder();

    public static void main(String[] args) throws Exception {
        Path archive = Path.of(args[0]);
        Path cache = Path.of(args[3]);
        wall = System.nanoTime();
        cpu = threadCpu();
        report.append(String.format("JVM start to main (cpu: whole process)\t%.0f\t%.0f%n", processAgeMs(), processCpuMs()));

        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        Class<?> io = Class.forName("io.spirefy.pluginengine.cli.command.Io");
        Object root = Class.forName("io.spirefy.pluginengine.cli.command.PluginEngineCommand").getConstructor(io)
                .newInstance(io.getConstructors()[0].newInstance(nowhere, nowhere));
        String[] cli = {"call", "--cache", cache.toString(), "--plugins", archive.toString(), "--input", "hello", args[1], args[2]};
        CommandLine line = new CommandLine(root);
        try { // images from before issue 20 list every subcommand in the annotation instead
            Class.forName("io.spirefy.pluginengine.cli.command.Subcommands").getMethod("addTo", CommandLine.class, String[].class)
                    .invoke(null, line, cli);
        } catch (ClassNotFoundException e) {
            // nothing to add
        }
        lap("picocli model");
        line.parseArgs(cli);
        lap("picocli parse");
        PluginEngine engine = PluginEngines.builder().codeCache(CodeCache.at(cache)).build();
        lap("engine build (ServiceLoader, runtime choice, cache)");
        engine.load(archive);
        lap("load (archive read, YAML manifest, resolve)");
        kernel(cache);
        lap("Extism kernel from the cache (parse, read, HMAC, define)");
        if (!present("io.spirefy.pluginengine.core.jfr.FlightRecording")) {
            // Images from before issue 20 create an event at the first compile whether anything records or not.
            Class.forName("io.spirefy.pluginengine.core.jfr.PluginCompileEvent");
        }
        lap("JFR event classes (only where events are made without a recording)");
        engine.start();
        byte[] out = engine.call(args[1], args[2], "hello".getBytes());
        lap("first call (module from cache, instantiate, call)");
        engine.call(args[1], args[2], "hello".getBytes());
        lap("second call");
        engine.close();
        lap("close");
        report.append(String.format("whole process so far (cpu: all threads)\t%.0f\t%.0f%n", processAgeMs(), processCpuMs()));
        if (out.length == 0) throw new IllegalStateException("the call returned nothing");
        System.out.print(report);
    }

    private static boolean present(String name) {
        try {
            Class.forName(name, false, CliStartPhases.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The kernel's own per-process cost: a second runtime object compiles it from the same cache. */
    private static void kernel(Path cache) throws ReflectiveOperationException {
        Class<?> runtime = Class.forName("io.spirefy.pluginengine.runtime.chicory.ChicoryRuntime");
        Object chicory = runtime.getConstructor().newInstance();
        runtime.getMethod("useCodeCache", CodeCache.class, Consumer.class).invoke(chicory, CodeCache.at(cache), (Consumer<String>) w -> { });
        Field field = runtime.getDeclaredField("kernel");
        field.setAccessible(true);
        Object kernel = field.get(chicory);
        Method ensure = kernel.getClass().getDeclaredMethod("ensureCompiled");
        ensure.setAccessible(true);
        ensure.invoke(kernel);
    }

    private static void lap(String phase) {
        long w = System.nanoTime();
        long c = threadCpu();
        report.append(String.format("%s\t%.1f\t%.1f%n", phase, (w - wall) / 1e6, (c - cpu) / 1e6));
        wall = w;
        cpu = c;
    }

    /** This thread's time on a CPU, in ns (Linux schedstat: no java.management in the image). */
    private static long threadCpu() {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/thread-self/schedstat")).split(" ")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] stat() throws IOException {
        String s = Files.readString(Path.of("/proc/self/stat"));
        return s.substring(s.lastIndexOf(')') + 2).split(" ");
    }

    /** Since the process started, to the clock tick (10 ms). */
    private static double processAgeMs() throws IOException {
        double started = Long.parseLong(stat()[19]) / 100.0;
        double up = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        return (up - started) * 1000;
    }

    /** CPU of every thread of the process (user + system), to the clock tick. */
    private static double processCpuMs() throws IOException {
        String[] f = stat();
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
    }
}
