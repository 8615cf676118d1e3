package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveLimits;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Times loading one ordinary plugin archive (a module, the manifest, a few small assets and one
 * of 200 KB), zip and tar.gz, in a warm JVM: the median and mean of many loads. Run by hand:
 * {@code java -cp <test classpath> ...LoadTimingProbe <module.wasm> [loads] [size of the big asset]}.
 */
public final class LoadTimingProbe {

    private LoadTimingProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] wasm = Files.readAllBytes(Path.of(args[0]));
        int loads = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Random random = new Random(3);
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 100; i++) json.append("\"key").append(i).append("\": \"value ").append(random.nextInt()).append("\",");
        json.append("\"end\": 0}");
        byte[] image = new byte[args.length > 2 ? Integer.parseInt(args[2]) : 200_000];
        for (int i = 0; i < image.length; i++) image[i] = (byte) (random.nextInt(16) * random.nextInt(3));
        Map<String, byte[]> entries = Fixtures.entries("plugin.yaml", Fixtures.manifest("wasm: greeter.wasm"),
                "greeter.wasm", wasm, "assets/config.json", json.toString(), "assets/readme.txt",
                "hello ".repeat(300), "templates/page.hbs", "<p>{{name}}</p>\n".repeat(50), "assets/image.bin", image);
        byte[] zip = Fixtures.zip(entries);
        byte[] tgz = Fixtures.tgz(entries);
        SourceLoader loader = new SourceLoader(ArchiveLimits.DEFAULTS, List.of(new KeyValueFormat()), false);
        System.out.printf("module %d bytes, zip %d bytes, tar.gz %d bytes%n", wasm.length, zip.length, tgz.length);
        for (int round = 0; round < 2; round++) {
            time(loader, "plugin.zip", zip, loads, round == 1);
            time(loader, "plugin.tgz", tgz, loads, round == 1);
        }
    }

    private static void time(SourceLoader loader, String name, byte[] archive, int loads, boolean print) {
        double[] ms = new double[loads];
        for (int i = 0; i < loads; i++) {
            long start = System.nanoTime();
            SourceLoader.Loaded loaded = loader.load(name, archive);
            ms[i] = (System.nanoTime() - start) / 1e6;
            if (loaded.plugins().size() != 1) throw new IllegalStateException(loaded.problems().toString());
        }
        Arrays.sort(ms);
        if (print) {
            // On a shared machine the low percentiles say most about the code, the median about the machine.
            System.out.printf("%s: min %.2f ms, p10 %.2f ms, median %.2f ms over %d loads%n", name, ms[0], ms[loads / 10],
                    ms[loads / 2], loads);
        }
    }
}
