package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.SignatureInfo;
import io.spirefy.pluginengine.api.TrustStore;
import io.spirefy.pluginengine.core.ArchiveSigner;
import io.spirefy.pluginengine.core.PluginEngines;
import io.spirefy.pluginengine.core.PublisherKeys;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.spirefy.pluginengine.tests.EngineHarness.bytes;
import static io.spirefy.pluginengine.tests.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed archives end to end (contract section 9), on every runtime: a signed plugin verifies and
 * runs; each tampering is refused with its own reason while the signed plugin beside it still runs.
 */
class SignatureEndToEndTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";

    @TempDir
    Path tmp;

    private final KeyPair publisher = PublisherKeys.generate();
    private final KeyPair stranger = PublisherKeys.generate();

    /** The reader guest (module, manifest, data/greeting.txt) as a zip signed by {@code keys}. */
    private Path signedReader(KeyPair keys, String name) throws IOException {
        Path unsigned = Files.write(tmp.resolve("unsigned-" + name), GuestArchive.of("reader").toZip(GuestArchive.of("reader").manifest()).build());
        Path signed = tmp.resolve(name);
        ArchiveSigner.create().sign(unsigned, keys.getPrivate(), signed);
        return signed;
    }

    private static Map<String, byte[]> unzip(Path zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) files.put(e.getName(), in.readAllBytes());
        }
        return files;
    }

    /** The signed archive's files changed by {@code change}, written as a new zip. */
    private Path tampered(Path signed, String name, UnaryOperator<Map<String, byte[]>> change) throws IOException {
        ZipBuilder zip = new ZipBuilder();
        change.apply(unzip(signed)).forEach(zip::add);
        return Files.write(tmp.resolve(name), zip.build());
    }

    private PluginEngine engine(String runtime, boolean require) {
        Runtimes.requireAvailable(runtime);
        return PluginEngines.builder().runtime(runtime).reporter(new RecordingReporter())
                .trust(TrustStore.of(publisher.getPublic())).requireSignatures(require).build();
    }

    private static Problem onlyError(LoadResult result) {
        assertThat(result.loaded()).isEmpty();
        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR));
        return result.problems().get(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void signedArchiveVerifiesAndItsPluginRuns(String runtime) throws Exception {
        Path signed = signedReader(publisher, "reader.zip");
        try (PluginEngine engine = engine(runtime, true)) {
            LoadResult result = engine.load(signed);
            assertThat(result.problems()).isEmpty();
            engine.start();
            assertThat(engine.plugin("test.reader").orElseThrow().signature())
                    .isEqualTo(SignatureInfo.verified(TrustStore.keyId(publisher.getPublic())));
            assertThat(text(engine.call("test.reader", "read", bytes("data/greeting.txt")))).isEqualTo("hello from an asset");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void everyTamperingIsRefusedWithItsOwnReasonAndTheSignedPluginStillRuns(String runtime) throws Exception {
        Path signed = signedReader(publisher, "reader.zip");
        Path changed = tampered(signed, "changed.zip", f -> {
            f.put("data/greeting.txt", bytes("hello from an attacker"));
            return f;
        });
        Path added = tampered(signed, "added.zip", f -> {
            f.put("data/extra.txt", bytes("x"));
            return f;
        });
        Path removed = tampered(signed, "removed.zip", f -> {
            f.remove("data/greeting.txt");
            return f;
        });
        Path permissions = tampered(signed, "permissions.zip", f -> {
            f.put("plugin.yaml", bytes(new String(f.get("plugin.yaml"), StandardCharsets.UTF_8) + "permissions:\n  - files\n"));
            return f;
        });
        Path malformed = tampered(signed, "malformed.zip", f -> {
            f.put("plugin.sig", bytes("pluginengine-signature 1\nalgorithm: Ed25519\n"));
            return f;
        });
        Path untrusted = signedReader(stranger, "untrusted.zip");
        Path unsigned = TestPlugins.archive("echo");

        try (PluginEngine engine = engine(runtime, true)) {
            assertThat(onlyError(engine.load(changed)).message()).startsWith("entry changed after signing: data/greeting.txt");
            assertThat(onlyError(engine.load(added)).message()).startsWith("entry added after signing: data/extra.txt");
            assertThat(onlyError(engine.load(removed)).message()).startsWith("entry removed after signing: data/greeting.txt");
            assertThat(onlyError(engine.load(permissions)).message()).startsWith("entry changed after signing: plugin.yaml");
            assertThat(onlyError(engine.load(malformed)).message()).startsWith("malformed signature: ");
            assertThat(onlyError(engine.load(untrusted)).message()).startsWith("signed by an unknown key: publisher key "
                    + TrustStore.keyId(stranger.getPublic()));
            Problem notSigned = onlyError(engine.load(unsigned));
            assertThat(notSigned.source()).isEqualTo(unsigned.toString());
            assertThat(notSigned.message()).startsWith("not signed");

            assertThat(engine.load(signed).loaded()).containsExactly("test.reader@1.0.0");
            engine.start();
            assertThat(engine.plugins()).hasSize(1);
            assertThat(text(engine.call("test.reader", "read", bytes("data/greeting.txt")))).isEqualTo("hello from an asset");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void withoutRequiredSignaturesUnsignedAndUntrustedLoadButTamperingIsStillRefused(String runtime) throws Exception {
        Path signed = signedReader(stranger, "reader.zip");
        Path changed = tampered(signed, "changed.zip", f -> {
            f.put("data/greeting.txt", bytes("hello from an attacker"));
            return f;
        });
        try (PluginEngine engine = engine(runtime, false)) {
            assertThat(onlyError(engine.load(changed)).message()).startsWith("entry changed after signing: data/greeting.txt");
            assertThat(engine.load(signed).problems()).isEmpty();
            assertThat(engine.load(TestPlugins.archive("echo")).problems()).isEmpty();
            engine.start();
            SignatureInfo reader = engine.plugin("test.reader").orElseThrow().signature();
            assertThat(reader.signed()).isTrue();
            assertThat(reader.verified()).isFalse();
            assertThat(reader.reason()).contains("not in the trust store");
            assertThat(engine.plugin("test.echo").orElseThrow().signature()).isEqualTo(SignatureInfo.UNSIGNED);
            assertThat(text(engine.call("test.echo", "echo", bytes("hi")))).isEqualTo("echo:hi");
            assertThat(text(engine.call("test.reader", "read", bytes("data/greeting.txt")))).isEqualTo("hello from an asset");
        }
    }
}
