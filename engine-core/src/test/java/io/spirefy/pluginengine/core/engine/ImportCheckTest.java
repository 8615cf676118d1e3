package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PermissionPolicy;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.PluginState;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.plugin.Permission;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ValueType;
import io.spirefy.pluginengine.core.PluginEngines;
import io.spirefy.pluginengine.core.imports.ModuleBytes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.spirefy.pluginengine.core.imports.ModuleBytes.I32;
import static io.spirefy.pluginengine.core.imports.ModuleBytes.I64;
import static io.spirefy.pluginengine.core.imports.ModuleBytes.params;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module's imports are checked when its plugin is loaded (contract sections 7 and 9): an import
 * nobody offers it keeps the plugin from resolving, with the import named, and nothing is compiled
 * (there is no runtime here at all).
 */
class ImportCheckTest {

    private static final String ENGINE = "extism:host/pluginengine";

    private final PluginEngine engine = PluginEngines.builder()
            .hostFunction(new HostFunction(HostFunction.USER_NAMESPACE, "app_lookup", List.of(ValueType.I64), List.of(ValueType.I64),
                    (ctx, args) -> new long[]{0}))
            .permissions(PermissionPolicy.grant("test.everything", Permission.hostFunction(HostFunction.USER_NAMESPACE, "app_lookup")))
            .build();

    @Test
    void anImportNobodyOffersKeepsThePluginFromResolvingAndNamesTheImport() throws IOException {
        load("wants-more", m -> {
            int t = m.type(params(I64), I64);
            m.function(ENGINE, "GetHooks", t).function(ENGINE, "NoSuchThing", t).function("env", "abort", m.type(params(I32)));
        }, "hooks:\n  - id: h\n    anchorId: some.anchor\n    func: h\n");
        load("fine", m -> m.function(ENGINE, "CallHook", m.type(params(I64, I64), I64)), "");

        PluginInfo wants = engine.plugin("test.wants-more@1.0.0").orElseThrow();
        assertThat(wants.state()).isEqualTo(PluginState.LOADED);
        assertThat(wants.failure()).contains("extism:host/pluginengine/NoSuchThing").contains("env/abort")
                .doesNotContain("GetHooks");
        HookInfo hook = engine.hooks().get(0);
        assertThat(hook.resolution().resolved()).isFalse();
        assertThat(hook.resolution().reason()).contains("extism:host/pluginengine/NoSuchThing");
        assertThat(engine.plugin("test.fine@1.0.0").orElseThrow().state()).isEqualTo(PluginState.RESOLVED);
    }

    @Test
    void kernelWasiEngineAndTheHostsOwnFunctionsAreOffered() throws IOException {
        load("everything", m -> {
            m.function("extism:host/env", "alloc", m.type(params(I64), I64))
                    .function("extism:host/env", "store_u8", m.type(params(I64, I32)))
                    .function("extism:host/env", "log_info", m.type(params(I64)))
                    .function("wasi_snapshot_preview1", "fd_write", m.type(params(I32, I32, I32, I32), I32))
                    .function("wasi_snapshot_preview1", "fd_write", m.type(params(I32, I32, I32, I32), I32))
                    .function("wasi_snapshot_preview1", "proc_exit", m.type(params(I32)))
                    .function(ENGINE, "GetLastError", m.type(params(), I64))
                    .function(ENGINE, "SendEvent", m.type(params(I64, I64), I64))
                    .function(HostFunction.USER_NAMESPACE, "app_lookup", m.type(params(I64), I64));
        }, "permissions:\n  - host:extism:host/user/app_lookup\n");
        assertThat(engine.plugin("test.everything@1.0.0").orElseThrow().state()).isEqualTo(PluginState.RESOLVED);
    }

    @Test
    void whatWasNotGrantedIsNamedWithThePermissionItNeeds() throws IOException {
        load("ungranted", m -> {
            int t = m.type(params(I64, I64), I64);
            m.function(ENGINE, "WriteFile", t).function(HostFunction.USER_NAMESPACE, "app_lookup", m.type(params(I64), I64));
        }, "permissions:\n  - files\n  - host:extism:host/user/app_lookup\n");

        PluginInfo info = engine.plugin("test.ungranted@1.0.0").orElseThrow();
        assertThat(info.state()).isEqualTo(PluginState.LOADED);
        assertThat(info.failure()).contains("WriteFile needs permission 'files', which was not granted")
                .contains("app_lookup needs permission 'host:extism:host/user/app_lookup', which was not granted");
    }

    @Test
    void aFunctionOfTheWrongTypeOrKindIsNamedWithBothTypes() throws IOException {
        load("wrong-type", m -> m.function(ENGINE, "CallHook", m.type(params(I64), I64)).memory("extism:host/env", "memory"), "");

        String failure = engine.plugin("test.wrong-type@1.0.0").orElseThrow().failure();
        assertThat(failure).contains("extism:host/pluginengine/CallHook (imported as (i64) -> i64, offered as (i64, i64) -> i64)")
                .contains("extism:host/env/memory (no memory is offered)");
    }

    @Test
    void theKernelsNetworkFunctionsAreNotGranted() throws IOException {
        load("http", m -> m.function("extism:host/env", "http_request", m.type(params(I64, I64), I64)), "");
        assertThat(engine.plugin("test.http@1.0.0").orElseThrow().failure())
                .contains("extism:host/env/http_request (network access is not granted to plugins)");
    }

    @Test
    void startingTheEngineLeavesSuchAPluginUnresolved() throws IOException {
        load("missing", m -> m.function(ENGINE, "NoSuchThing", m.type(params(I64), I64)), "");
        engine.start();
        engine.start("test.missing@1.0.0");
        PluginInfo info = engine.plugin("test.missing@1.0.0").orElseThrow();
        assertThat(info.state()).isEqualTo(PluginState.LOADED);
        assertThat(info.failure()).contains("NoSuchThing");
    }

    @Test
    void aMalformedImportSectionIsAProblemOfTheArchiveAndNothingIsRegistered() throws IOException {
        byte[] module = {0, 'a', 's', 'm', 1, 0, 0, 0, 0x02, 0x05, 0x01, 0x01, 'm', 0x01, 'f'};
        LoadResult r = engine.load("broken.zip", zip("broken", "", module));
        assertThat(r.loaded()).isEmpty();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
            assertThat(p.source()).isEqualTo("broken.zip");
            assertThat(p.message()).contains("test.broken@1.0.0").contains("imports cannot be read").contains("at byte");
        });
    }

    private void load(String id, Consumer<ModuleBytes> imports, String moreManifest) throws IOException {
        ModuleBytes m = new ModuleBytes();
        imports.accept(m);
        LoadResult r = engine.load(id + ".zip", zip(id, moreManifest, m.build()));
        assertThat(r.problems()).isEmpty();
        assertThat(r.loaded()).containsExactly("test." + id + "@1.0.0");
    }

    private static byte[] zip(String id, String moreManifest, byte[] module) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("plugin.yaml"));
            z.write(("id: test." + id + "\nversion: 1.0.0\n" + moreManifest).getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("module.wasm"));
            z.write(module);
        }
        return out.toByteArray();
    }
}
