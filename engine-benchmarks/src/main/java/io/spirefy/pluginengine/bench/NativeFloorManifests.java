package io.spirefy.pluginengine.bench;

import io.spirefy.pluginengine.runtime.extism.internal.GuestRewrite;
import io.spirefy.pluginengine.runtime.extism.internal.ManifestJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the manifests the C floor probe ({@code src/main/native/extism-floor.c}) loads, so that it
 * drives libextism with exactly what each Java side hands it for the echo guest: {@code plain.json}
 * as the raw Extism SDK builds it (the module alone), {@code ours.json} as the extism runtime does
 * (the module rewritten, with its WASI shim and output guard linked, memory bounds), and each again
 * with libextism's own timeout set.
 *
 * <p>{@code java -cp engine-benchmarks/target/benchmarks.jar io.spirefy.pluginengine.bench.NativeFloorManifests DIR}
 */
public final class NativeFloorManifests {

    /** The engine's default memory limit for a plugin (pages), as the benchmarks run it. */
    private static final long MAX_PAGES = 256;
    private static final long TIMEOUT_MS = 60_000;

    private NativeFloorManifests() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "engine-benchmarks/target/native-floor");
        Files.createDirectories(dir);
        byte[] echo = Guests.wasm(Guests.ECHO);
        String plain = "{\"wasm\":[{\"data\":\"" + Base64.getEncoder().encodeToString(echo) + "\",\"name\":\"main\"}]}";
        write(dir, "plain.json", plain);
        write(dir, "plain-timeout.json", withTimeout(plain));

        GuestRewrite rewrite = GuestRewrite.of(echo);
        Map<String, byte[]> linked = new LinkedHashMap<>();
        if (rewrite.shim() != null) linked.put(GuestRewrite.SHIM_MODULE, rewrite.shim());
        if (rewrite.guardsOutput()) linked.put(GuestRewrite.OUTPUT_MODULE, rewrite.outputGuard());
        // The runtime's budget: the guest's initial pages and the kernel's first page taken off.
        long pages = rewrite.shim() == null ? MAX_PAGES : Math.max(1, MAX_PAGES - rewrite.initialMemoryPages() - 1);
        String ours = new String(ManifestJson.of(rewrite.wasm(), linked, pages, Math.min(1 << 20, MAX_PAGES * 65536)),
                StandardCharsets.UTF_8);
        write(dir, "ours.json", ours);
        write(dir, "ours-timeout.json", withTimeout(ours));
        System.out.println("wrote the floor probe's manifests into " + dir + " (shim: " + (rewrite.shim() != null)
                + ", output guard: " + rewrite.guardsOutput() + ")");
    }

    private static String withTimeout(String manifest) {
        return manifest.substring(0, manifest.length() - 1) + ",\"timeout_ms\":" + TIMEOUT_MS + "}";
    }

    private static void write(Path dir, String name, String json) throws IOException {
        Files.writeString(dir.resolve(name), json);
    }
}
