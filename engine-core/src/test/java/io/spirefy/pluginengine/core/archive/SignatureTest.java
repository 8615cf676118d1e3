package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveException;
import io.spirefy.pluginengine.api.ArchiveLimits;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.SignatureInfo;
import io.spirefy.pluginengine.api.TrustStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.spirefy.pluginengine.core.archive.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** plugin.sig beside the manifest (contract section 9): what verifies, and each way it is refused. */
class SignatureTest {

    @TempDir
    Path tmp;

    private final KeyPair publisher;
    private final KeyPair stranger;

    SignatureTest() throws Exception {
        publisher = Signing.keys();
        stranger = Signing.keys();
    }

    private SourceLoader loader(boolean required, KeyPair... trusted) {
        TrustStore trust = TrustStore.empty();
        for (KeyPair k : trusted) trust = trust.and(TrustStore.of(k.getPublic()));
        return new SourceLoader(ArchiveLimits.DEFAULTS, List.of(new KeyValueFormat()), false, 64 << 20,
                new SignatureCheck(trust, required));
    }

    private static Map<String, byte[]> files() {
        return plugin("assets/a.txt", "A", "notes.md", "n");
    }

    /** The files plus plugin.sig signed by {@code keys} over {@code signed}, under {@code top} ("" or "x/"). */
    private static Map<String, byte[]> signed(KeyPair keys, Map<String, byte[]> signed, Map<String, byte[]> shipped, String top) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        shipped.forEach((k, v) -> out.put(top + k, v));
        out.put(top + "plugin.sig", Signing.sig(keys, signed));
        return out;
    }

    private Map<String, byte[]> signed(Map<String, byte[]> files) throws Exception {
        return signed(publisher, files, files, "");
    }

    private static byte[] archive(String format, Map<String, byte[]> entries) {
        if (format.equals("zip")) return zip(entries);
        TarWriter tar = new TarWriter();
        entries.forEach((name, data) -> {
            if (name.length() > 100) tar.paxPath(name, data); else tar.file(name, data);
        });
        return tar.tgz();
    }

    private static String name(String format) {
        return "p." + (format.equals("zip") ? "zip" : "tar.gz");
    }

    private static Problem rejected(SourceLoader loader, String format, Map<String, byte[]> entries) {
        return onlyError(loader.load(name(format), archive(format, entries)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"zip", "tgz"})
    void signedArchiveVerifiesWithTheTrustedKey(String format) throws Exception {
        var loaded = loader(true, publisher).load(name(format), archive(format, signed(files())));
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.plugins().get(0).signature()).isEqualTo(SignatureInfo.verified(Signing.keyId(publisher)));
    }

    @Test
    void signatureInsideTheSingleTopLevelFolderCoversPathsRelativeToIt() throws Exception {
        var loaded = loader(true, publisher).load("p.zip", zip(signed(publisher, files(), files(), "greeter/")));
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.plugins().get(0).signature().verified()).isTrue();
    }

    @Test
    void signedDirectoryVerifiesAndAnEditedFileIsCaught() throws Exception {
        Path dir = tmp.resolve("greeter");
        for (Map.Entry<String, byte[]> f : signed(files()).entrySet()) {
            Files.createDirectories(dir.resolve(f.getKey()).getParent());
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        assertThat(loader(true, publisher).load(dir).plugins()).singleElement()
                .satisfies(p -> assertThat(p.signature().verified()).isTrue());

        Files.write(dir.resolve("assets/a.txt"), text("edited"));
        Problem p = onlyError(loader(true, publisher).load(dir));
        assertNames(p, dir.toString(), "assets/a.txt");
        assertThat(p.message()).startsWith("entry changed after signing: assets/a.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zip", "tgz"})
    void entryChangedAfterSigningIsRejected(String format) throws Exception {
        Map<String, byte[]> shipped = new LinkedHashMap<>(files());
        shipped.put("greeter.wasm", new byte[] {0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0});
        Problem p = rejected(loader(false, publisher), format, signed(publisher, files(), shipped, ""));
        assertNames(p, name(format), "greeter.wasm");
        assertThat(p.message()).startsWith("entry changed after signing: greeter.wasm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zip", "tgz"})
    void entryAddedAfterSigningIsRejected(String format) throws Exception {
        Map<String, byte[]> shipped = new LinkedHashMap<>(files());
        shipped.put("assets/extra.txt", text("X"));
        Problem p = rejected(loader(false, publisher), format, signed(publisher, files(), shipped, ""));
        assertNames(p, name(format), "assets/extra.txt");
        assertThat(p.message()).startsWith("entry added after signing: assets/extra.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zip", "tgz"})
    void entryRemovedAfterSigningIsRejected(String format) throws Exception {
        Map<String, byte[]> shipped = new LinkedHashMap<>(files());
        shipped.remove("notes.md");
        Problem p = rejected(loader(false, publisher), format, signed(publisher, files(), shipped, ""));
        assertNames(p, name(format), "plugin.sig");
        assertThat(p.message()).startsWith("entry removed after signing: notes.md");
    }

    @Test
    void manifestPermissionsEditedAfterSigningAreRejected() throws Exception {
        Map<String, byte[]> signedFiles = plugin("notes.md", "n");
        signedFiles.put("plugin.yaml", manifest("permissions: templates"));
        Map<String, byte[]> shipped = new LinkedHashMap<>(signedFiles);
        shipped.put("plugin.yaml", manifest("permissions: templates,files"));
        Problem p = rejected(loader(false, publisher), "zip", signed(publisher, signedFiles, shipped, ""));
        assertNames(p, "p.zip", "plugin.yaml");
        assertThat(p.message()).startsWith("entry changed after signing: plugin.yaml");
    }

    @Test
    void tamperingIsRejectedEvenWhenTheKeyIsUnknownAndSignaturesAreNotRequired() throws Exception {
        Map<String, byte[]> shipped = new LinkedHashMap<>(files());
        shipped.put("notes.md", text("changed"));
        Problem p = rejected(loader(false), "zip", signed(stranger, files(), shipped, ""));
        assertThat(p.message()).startsWith("entry changed after signing: notes.md");
    }

    @Test
    void fileListAlteredToMatchTheTamperingFailsTheSignature() throws Exception {
        Map<String, byte[]> shipped = new LinkedHashMap<>(files());
        shipped.put("notes.md", text("changed"));
        String honest = Signing.listing(files());
        byte[] sig = Signing.sig(publisher, files());
        String forged = new String(sig, StandardCharsets.UTF_8).replace(honest, Signing.listing(shipped));
        shipped.put("plugin.sig", forged.getBytes(StandardCharsets.UTF_8));
        Problem p = rejected(loader(false, publisher), "zip", shipped);
        assertNames(p, "p.zip", "plugin.sig");
        assertThat(p.message()).startsWith("the signature does not verify with trusted publisher key " + Signing.keyId(publisher));
    }

    @Test
    void untrustedKeyIsRejectedWhenSignaturesAreRequired() throws Exception {
        Problem p = rejected(loader(true, publisher), "zip", signed(stranger, files(), files(), ""));
        assertNames(p, "p.zip", "plugin.sig");
        assertThat(p.message()).startsWith("signed by an unknown key: publisher key " + Signing.keyId(stranger)
                + " is not in the trust store");
    }

    @Test
    void untrustedKeyLoadsUnverifiedWhenSignaturesAreNotRequired() throws Exception {
        var loaded = loader(false, publisher).load("p.zip", zip(signed(stranger, files(), files(), "")));
        assertThat(loaded.problems()).isEmpty();
        SignatureInfo s = loaded.plugins().get(0).signature();
        assertThat(s.signed()).isTrue();
        assertThat(s.verified()).isFalse();
        assertThat(s.publisher()).isEqualTo(Signing.keyId(stranger));
        assertThat(s.reason()).contains("not in the trust store");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "garbage",
            "pluginengine-signature 1\nalgorithm: Ed25519\nkey: 0123456789abcdef\nsignature: AAAA\n\npluginengine-files 1\n",
            "pluginengine-signature 1\nalgorithm: RSA\nkey: 0123456789abcdef\nsignature: AAAA\n\npluginengine-files 1\n",
            "pluginengine-signature 2\nalgorithm: Ed25519\nkey: 0123456789abcdef\nsignature: AAAA\n\npluginengine-files 1\n"})
    void malformedSignatureIsRejectedEvenWhenNotRequired(String sig) {
        Map<String, byte[]> shipped = new LinkedHashMap<>(files());
        shipped.put("plugin.sig", text(sig));
        Problem p = rejected(loader(false), "zip", shipped);
        assertNames(p, "p.zip", "plugin.sig");
        assertThat(p.message()).startsWith("malformed signature: ");
    }

    @Test
    void fileListOutOfOrderIsMalformed() throws Exception {
        String listing = Signing.listing(files());
        String[] lines = listing.split("\n");
        String swapped = lines[0] + "\n" + lines[2] + "\n" + lines[1] + "\n" + lines[3] + "\n" + lines[4] + "\n";
        Map<String, byte[]> shipped = new LinkedHashMap<>(files());
        shipped.put("plugin.sig", Signing.sig(publisher, swapped));
        assertThat(rejected(loader(false, publisher), "zip", shipped).message())
                .isEqualTo("malformed signature: line 3 of the file list is out of order or repeats a path");
    }

    @Test
    void unsignedArchiveIsRejectedWhenRequiredAndTheOthersStillLoad() throws Exception {
        Files.write(tmp.resolve("a-unsigned.zip"), zip(files()));
        Files.write(tmp.resolve("b-signed.zip"), zip(signed(files())));
        var loaded = loader(true, publisher).load(tmp);
        assertThat(loaded.plugins()).singleElement().satisfies(p -> assertThat(p.source()).endsWith("b-signed.zip"));
        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).endsWith("a-unsigned.zip");
            assertThat(p.message()).isEqualTo("not signed: there is no plugin.sig beside the manifest, and signatures are required");
        });
    }

    @Test
    void unsignedArchiveLoadsWhenNotRequired() {
        var loaded = loader(false, publisher).load("p.zip", zip(files()));
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.plugins().get(0).signature()).isEqualTo(SignatureInfo.UNSIGNED);
    }

    @Test
    void listingIsTheDocumentedBytesWithEscapesAndByteOrder() {
        Map<String, byte[]> digests = new LinkedHashMap<>();
        digests.put("z.txt", new byte[32]);
        digests.put("\u00e9.txt", new byte[32]);
        digests.put("a%b\nc", new byte[32]);
        digests.put("B", new byte[32]);
        String zero = "0".repeat(64);
        assertThat(new String(SignedListing.text(digests), StandardCharsets.UTF_8)).isEqualTo(
                "pluginengine-files 1\n" + zero + " B\n" + zero + " a%25b%0Ac\n" + zero + " z.txt\n" + zero + " \u00e9.txt\n");
        assertThat(SignedListing.parse(SignedListing.text(digests)).keySet()).containsExactly("B", "a%b\nc", "z.txt", "\u00e9.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zip", "tgz"})
    void signingWritesACopyThatVerifiesAndLoads(String format) throws Exception {
        Map<String, byte[]> files = files();
        String longName = "assets/" + "deep/".repeat(30) + "long-name.txt";
        files.put(longName, text("L"));
        Path in = tmp.resolve(name(format));
        Files.write(in, archive(format, files));
        Path out = tmp.resolve("signed-" + name(format));
        ArchiveSigning signing = new ArchiveSigning(ArchiveLimits.DEFAULTS, List.of(new KeyValueFormat()));

        SignatureInfo info = signing.sign(in, publisher.getPrivate(), publisher.getPublic(), out);

        assertThat(info).isEqualTo(SignatureInfo.verified(Signing.keyId(publisher)));
        var loaded = loader(true, publisher).load(out);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.plugins().get(0).files().paths()).contains(longName, "plugin.sig");
        assertThat(loaded.plugins().get(0).files().read(longName)).hasValue(text("L"));
        assertThatThrownBy(() -> signing.verify(in, TrustStore.of(publisher.getPublic())))
                .isInstanceOf(ArchiveException.class).hasMessageContaining("not signed");
        assertThatThrownBy(() -> signing.verify(out, TrustStore.of(stranger.getPublic())))
                .isInstanceOf(ArchiveException.class).hasMessageContaining("signed by an unknown key");
    }

    @Test
    void signingInPlaceReplacesAnOlderSignatureAndSigningADirectoryWritesPluginSig() throws Exception {
        ArchiveSigning signing = new ArchiveSigning(ArchiveLimits.DEFAULTS, List.of(new KeyValueFormat()));
        Path in = tmp.resolve("p.zip");
        Files.write(in, zip(signed(stranger, files(), files(), "")));
        signing.sign(in, publisher.getPrivate(), publisher.getPublic(), null);
        assertThat(signing.verify(in, TrustStore.of(publisher.getPublic())).publisher()).isEqualTo(Signing.keyId(publisher));

        Path dir = tmp.resolve("dir");
        for (Map.Entry<String, byte[]> f : files().entrySet()) {
            Files.createDirectories(dir.resolve(f.getKey()).getParent());
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        signing.sign(dir, publisher.getPrivate(), publisher.getPublic(), null);
        assertThat(Files.readString(dir.resolve("plugin.sig"))).startsWith("pluginengine-signature 1\n");
        assertThat(signing.verify(dir, TrustStore.of(publisher.getPublic())).verified()).isTrue();
        try (var list = Files.list(dir)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("assets", "greeter.wasm", "notes.md", "plugin.yaml", "plugin.sig");
        }
    }

    @Test
    void signingWithAKeyThatIsNotThePublicKeysPairRefuses() throws Exception {
        Path in = tmp.resolve("p.zip");
        Files.write(in, zip(files()));
        ArchiveSigning signing = new ArchiveSigning(ArchiveLimits.DEFAULTS, List.of(new KeyValueFormat()));
        assertThatThrownBy(() -> signing.sign(in, publisher.getPrivate(), stranger.getPublic(), null))
                .hasMessageContaining("does not belong to publisher key");
        assertThat(Files.readAllBytes(in)).isEqualTo(zip(files()));
    }
}
