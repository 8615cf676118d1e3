package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.PluginState;
import io.spirefy.pluginengine.core.PluginEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.spirefy.pluginengine.tests.EngineHarness.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A module importing what the engine does not offer it stays unresolved, naming the import, on
 * every runtime, before anything is compiled (contract sections 7 and 9); the other plugins run.
 */
class ImportCheckTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";
    private static final String MISSING = "extism:host/pluginengine/NoSuchThing";

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aPluginImportingAnUnknownEngineFunctionIsUnresolvedAndTheOthersRun(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "echo", "unknown-import")) {
            PluginInfo info = h.engine.plugin("test.unknown.import").orElseThrow();
            assertThat(info.state()).isEqualTo(PluginState.LOADED);
            assertThat(info.failure()).contains(MISSING).doesNotContain("GetLastError");
            HookInfo hook = h.engine.hooks().stream().filter(k -> k.ref().equals("test.unknown.import@1.0.0/shout")).findFirst().orElseThrow();
            assertThat(hook.resolution().resolved()).isFalse();
            assertThat(hook.resolution().reason()).contains(MISSING);
            assertThatThrownBy(() -> h.engine.call("test.unknown.import", "shout", new byte[0]))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> {
                        assertThat(e.failure()).isEqualTo(CallFailure.INACTIVE);
                        assertThat(e.getMessage()).contains(MISSING);
                    });
            assertThat(h.call("test.echo", "echo", "still here")).isEqualTo("echo:still here");
            assertThat(h.engine.hooks("test.echo.anchor")).extracting(HookInfo::ref).containsExactly("test.echo@1.0.0/echo");
        }
    }

    /**
     * A 3 MB Go module (the greeter example) with one import renamed to a function nobody offers:
     * the check names it at load, without compiling (a compile takes seconds on chicory), and the
     * engine never compiles it, started or not.
     */
    @Test
    void aGoModuleWithAnUnknownImportIsRefusedAtLoadWithoutCompiling() throws Exception {
        Path example = Path.of(System.getProperty("pluginengine.examples"), ".build", "greeter-go", "greeter.wasm");
        byte[] wasm = Files.readAllBytes(example);
        assertThat(wasm.length).isGreaterThan(2_000_000);
        renameFirst(wasm, "GetLastError", "NoSuchThing2");
        byte[] archive = zip("id: test.go.unknown\nversion: 1.0.0\nwasm: greeter.wasm\n", "greeter.wasm", wasm);

        try (PluginEngine engine = PluginEngines.builder().runtime(Runtimes.CHICORY).reporter(new RecordingReporter()).build()) {
            long start = System.nanoTime();
            LoadResult r = engine.load("go-unknown.zip", archive);
            long loadMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.problems()).isEmpty();
            PluginInfo info = engine.plugin("test.go.unknown").orElseThrow();
            Measured.print("load of a " + wasm.length + "-byte Go module with an unknown import: " + loadMillis + " ms, " + info.state()
                    + " (" + info.failure() + ")");
            assertThat(info.state()).isEqualTo(PluginState.LOADED);
            assertThat(info.failure()).contains("extism:host/pluginengine/NoSuchThing2");
            start = System.nanoTime();
            engine.start();
            long startMillis = (System.nanoTime() - start) / 1_000_000;
            Measured.print("engine.start() with only that plugin: " + startMillis + " ms");
            assertThat(engine.plugin("test.go.unknown").orElseThrow().state()).isEqualTo(PluginState.LOADED);
        }
    }

    private static void renameFirst(byte[] wasm, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + f.length <= wasm.length; i++) {
            for (int j = 0; j < f.length; j++) if (wasm[i + j] != f[j]) continue outer;
            System.arraycopy(t, 0, wasm, i, t.length);
            return;
        }
        throw new AssertionError(from + " is not in the module");
    }

    private static byte[] zip(String manifest, String moduleName, byte[] module) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("plugin.yaml"));
            z.write(bytes(manifest));
            z.putNextEntry(new ZipEntry(moduleName));
            z.write(module);
        }
        return out.toByteArray();
    }

}
