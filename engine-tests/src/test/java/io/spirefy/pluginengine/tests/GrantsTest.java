package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PermissionPolicy;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.TrustStore;
import io.spirefy.pluginengine.api.plugin.Permission;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ValueType;
import io.spirefy.pluginengine.core.ArchiveSigner;
import io.spirefy.pluginengine.core.PluginEngines;
import io.spirefy.pluginengine.core.PublisherKeys;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.spirefy.pluginengine.tests.EngineHarness.bytes;
import static io.spirefy.pluginengine.tests.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Host functions granted per plugin and per publisher (contract section 9), on every runtime. The
 * host-fn guest imports the application's {@code extism:host/user app_lookup}; its copies differ
 * only in their plugin id or in their signature, so whatever differs in the outcome is the grant.
 */
class GrantsTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";
    private static final Permission LOOKUP = Permission.hostFunction(HostFunction.USER_NAMESPACE, "app_lookup");

    @TempDir
    Path tmp;

    private final List<String> callers = new CopyOnWriteArrayList<>();
    private final KeyPair publisher = PublisherKeys.generate();
    private final KeyPair stranger = PublisherKeys.generate();

    private HostFunction lookup() {
        return new HostFunction(HostFunction.USER_NAMESPACE, "app_lookup", List.of(ValueType.I64), List.of(ValueType.I64),
                (ctx, args) -> {
                    callers.add(ctx.caller().orElse("?"));
                    return new long[]{ctx.writeString(ctx.readString(args[0]).toUpperCase(Locale.ROOT))};
                });
    }

    /** The host-fn guest as a zip whose manifest names {@code id}; module and permissions unchanged. */
    private Path hostFnAs(String id) throws IOException {
        GuestArchive guest = GuestArchive.of("host-fn");
        String manifest = guest.manifest().replace("id: test.hostfn\n", "id: " + id + "\n");
        assertThat(manifest).contains("id: " + id + "\n");
        return Files.write(tmp.resolve(id + ".zip"), guest.toZip(manifest).build());
    }

    private Path signed(Path archive, KeyPair keys, String name) {
        Path out = tmp.resolve(name);
        ArchiveSigner.create().sign(archive, keys.getPrivate(), out);
        return out;
    }

    /** The call's output, or the message of why the plugin could not be called or failed. */
    private static String lookup(PluginEngine engine, String plugin) {
        try {
            return text(engine.call(plugin, "lookup", bytes("colour")));
        } catch (PluginEngineException e) {
            return "refused: " + e.getMessage();
        }
    }

    private PluginEngine engine(String runtime, PermissionPolicy policy, TrustStore trust) {
        Runtimes.requireAvailable(runtime);
        return PluginEngines.builder().runtime(runtime).reporter(new RecordingReporter())
                .limits(EngineLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(5)))
                .hostFunction(lookup()).permissions(policy).trust(trust).build();
    }

    private static void load(PluginEngine engine, Path archive) {
        LoadResult result = engine.load(archive);
        assertThat(result.problems()).as("problems loading %s", archive).isEmpty();
        assertThat(result.loaded()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void grantedToOnePluginTheSameHostFunctionIsRefusedToAnother(String runtime) throws IOException {
        try (PluginEngine engine = engine(runtime, PermissionPolicy.grant("test.hostfn", LOOKUP), TrustStore.empty())) {
            load(engine, hostFnAs("test.hostfn"));
            load(engine, hostFnAs("test.hostfn.twin"));
            engine.start();
            assertThat(lookup(engine, "test.hostfn")).isEqualTo("value=COLOUR");
            assertThat(lookup(engine, "test.hostfn.twin")).startsWith("refused: ").contains("app_lookup");
            assertThat(engine.plugin("test.hostfn").orElseThrow().grantedPermissions()).containsExactly(LOOKUP);
            assertThat(engine.plugin("test.hostfn.twin").orElseThrow().requestedPermissions()).containsExactly(LOOKUP);
            assertThat(engine.plugin("test.hostfn.twin").orElseThrow().grantedPermissions()).isEmpty();
            assertThat(callers).containsOnly("test.hostfn@1.0.0");
        }
    }

    /**
     * One archive, four ways: signed by the publisher the grant names (granted), unsigned, signed
     * by another trusted publisher, and signed by the publisher while the host does not trust its
     * key, so nothing verifies the signature (all three refused).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aGrantTiedToAPublisherKeyOpensOnlyWhatThatKeyVerifiablySigned(String runtime) throws IOException {
        Path unsigned = hostFnAs("test.hostfn");
        Path byPublisher = signed(unsigned, publisher, "by-publisher.zip");
        Path byStranger = signed(unsigned, stranger, "by-stranger.zip");
        PermissionPolicy policy = PermissionPolicy.grantSigned(publisher.getPublic(), "test.*", LOOKUP);
        TrustStore both = TrustStore.of(publisher.getPublic(), stranger.getPublic());

        record Case(String name, Path archive, TrustStore trust, boolean granted) {
        }
        for (Case c : List.of(new Case("signed by the publisher", byPublisher, both, true),
                new Case("unsigned", unsigned, both, false),
                new Case("signed by another trusted key", byStranger, both, false),
                new Case("signed by the publisher, key not trusted", byPublisher, TrustStore.of(stranger.getPublic()), false))) {
            callers.clear();
            try (PluginEngine engine = engine(runtime, policy, c.trust())) {
                load(engine, c.archive());
                engine.start();
                String out = lookup(engine, "test.hostfn");
                if (c.granted()) {
                    assertThat(out).as(c.name()).isEqualTo("value=COLOUR");
                    assertThat(engine.plugin("test.hostfn").orElseThrow().grantedPermissions()).as(c.name()).containsExactly(LOOKUP);
                } else {
                    assertThat(out).as(c.name()).startsWith("refused: ").contains("app_lookup");
                    assertThat(engine.plugin("test.hostfn").orElseThrow().grantedPermissions()).as(c.name()).isEmpty();
                    assertThat(callers).as(c.name()).isEmpty();
                }
            }
        }
    }
}
