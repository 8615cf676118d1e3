package io.spirefy.pluginengine.bench;

import org.extism.sdk.manifest.Manifest;
import org.extism.sdk.wasm.ByteArrayWasmSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The baseline: one plugin driven through a raw Extism SDK, none of our runtime classes in between.
 * chicory: {@code org.extism.sdk.chicory.Plugin} with the SDK's own AoT (compiled code, like our
 * runtime); extism: {@code org.extism.sdk.Plugin} (libextism, WASI on, as our runtime links it).
 * For guests that import only the Extism kernel, which all baseline guests do.
 */
public interface RawPlugin extends AutoCloseable {

    byte[] call(String function, byte[] input);

    @Override
    void close();

    /** A new raw plugin of {@code wasm} on the runtime named like ours: {@code chicory} or {@code extism}. */
    static RawPlugin open(String runtime, byte[] wasm) {
        return switch (runtime) {
            case "chicory" -> new Chicory(chicoryCompiled(wasm).instantiate());
            case "extism" -> new Extism(wasm);
            default -> throw new IllegalArgumentException("no raw SDK baseline for runtime " + runtime);
        };
    }

    /** The chicory-sdk's compiled plugin; note that with AoT its instantiate() compiles again (SDK 0.3.0). */
    static org.extism.sdk.chicory.CompiledPlugin chicoryCompiled(byte[] wasm) {
        var manifest = org.extism.sdk.chicory.Manifest
                .ofWasms(org.extism.sdk.chicory.ManifestWasm.fromBytes(wasm).build())
                .withOptions(new org.extism.sdk.chicory.Manifest.Options().withAoT())
                .build();
        return org.extism.sdk.chicory.Plugin.ofManifest(manifest).compile();
    }

    final class Chicory implements RawPlugin {
        private final org.extism.sdk.chicory.Plugin plugin;

        Chicory(org.extism.sdk.chicory.Plugin plugin) {
            this.plugin = plugin;
        }

        @Override
        public byte[] call(String function, byte[] input) {
            return plugin.call(function, input);
        }

        @Override
        public void close() {
            // The chicory-sdk plugin holds only heap objects.
        }
    }

    final class Extism implements RawPlugin {
        private final org.extism.sdk.Plugin plugin;

        Extism(byte[] wasm) {
            pointJnaAtLibextism();
            plugin = new org.extism.sdk.Plugin(new Manifest(List.of(new ByteArrayWasmSource("main", wasm, null))), true, null);
        }

        @Override
        public byte[] call(String function, byte[] input) {
            return plugin.call(function, input);
        }

        @Override
        public void close() {
            plugin.close();
        }
    }

    /**
     * The Extism SDK loads {@code libextism} by name through JNA: point {@code jna.library.path} at the
     * copy our runtime uses (system property pluginengine.libextism.path, else {@code .libextism/} in the
     * working directory or above, where scripts/install-libextism puts it), so both load the same file.
     */
    static void pointJnaAtLibextism() {
        String name = System.mapLibraryName("extism");
        Path dir = null;
        String configured = System.getProperty("pluginengine.libextism.path");
        if (configured != null && !configured.isBlank()) {
            Path p = Paths.get(configured);
            dir = Files.isDirectory(p) ? p : p.getParent();
        } else {
            for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
                if (Files.isRegularFile(d.resolve(".libextism").resolve(name))) {
                    dir = d.resolve(".libextism");
                    break;
                }
            }
        }
        if (dir == null) return; // the system library path, as the SDK does by default
        String current = System.getProperty("jna.library.path");
        if (current == null || current.isBlank()) {
            System.setProperty("jna.library.path", dir.toString());
        } else if (!List.of(current.split(File.pathSeparator)).contains(dir.toString())) {
            System.setProperty("jna.library.path", current + File.pathSeparator + dir);
        }
    }
}
