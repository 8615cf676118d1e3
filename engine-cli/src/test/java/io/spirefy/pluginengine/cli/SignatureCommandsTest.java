package io.spirefy.pluginengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import static org.assertj.core.api.Assertions.assertThat;

/** keygen, sign, verify, and --trust / --require-signatures on the commands that load plugins. */
class SignatureCommandsTest {

    @TempDir
    Path tmp;

    private Path keys;
    private String pub;
    private String keyId;

    @BeforeEach
    void keygen() {
        keys = tmp.resolve("keys");
        CliRun r = CliRun.of("keygen", "--out", keys.toString());
        assertThat(r.code()).as(r.err()).isZero();
        pub = keys.resolve("publisher.pub").toString();
        keyId = r.out().replaceAll("(?s).*publisher key id ([0-9a-f]{16}).*", "$1");
        assertThat(keyId).matches("[0-9a-f]{16}");
    }

    private Path signedCopy(String plugin) {
        Path out = tmp.resolve(plugin + "-signed.tar.gz");
        CliRun r = CliRun.of("sign", "--key", keys.resolve("publisher.key").toString(), CliRun.plugin(plugin), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(out.toString(), keyId);
        return out;
    }

    @Test
    void keygenWritesPemFilesWithAnOwnerOnlyPrivateKeyAndNeverOverwrites() throws Exception {
        assertThat(Files.readString(keys.resolve("publisher.key"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(keys.resolve("publisher.pub"))).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(Files.getPosixFilePermissions(keys.resolve("publisher.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String before = Files.readString(keys.resolve("publisher.key"));
        CliRun again = CliRun.of("keygen", "--out", keys.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already");
        assertThat(Files.readString(keys.resolve("publisher.key"))).isEqualTo(before);
    }

    @Test
    void signedCopyVerifiesAndTheOriginalIsUntouched() throws Exception {
        byte[] original = Files.readAllBytes(Path.of(CliRun.plugin("echo")));
        Path signed = signedCopy("echo");
        assertThat(Files.readAllBytes(Path.of(CliRun.plugin("echo")))).isEqualTo(original);

        CliRun ok = CliRun.of("verify", "--trust", pub, signed.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("verified", keyId);
        assertThat(CliRun.of("verify", "--trust", keys.toString(), signed.toString()).code()).as("a folder of keys").isZero();
    }

    @Test
    void verifyExitsOneWithTheReasonOnStderr() throws Exception {
        CliRun unsigned = CliRun.of("verify", "--trust", pub, CliRun.plugin("echo"));
        assertThat(unsigned.code()).isEqualTo(1);
        assertThat(unsigned.errLines()).singleElement().asString().contains("echo.tar.gz", "not signed");

        CliRun other = CliRun.of("keygen", "--out", tmp.resolve("other").toString());
        assertThat(other.code()).isZero();
        CliRun unknown = CliRun.of("verify", "--trust", tmp.resolve("other/publisher.pub").toString(), signedCopy("echo").toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("signed by an unknown key", keyId);

        CliRun badTrust = CliRun.of("verify", "--trust", tmp.resolve("missing.pub").toString(), CliRun.plugin("echo"));
        assertThat(badTrust.code()).isEqualTo(2);
    }

    @Test
    void signingADirectoryWritesPluginSigAndInPlaceSigningReplacesTheArchive() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("echo"));
        Files.writeString(dir.resolve("plugin.yaml"), "id: test.dir\nversion: 1.0.0\n");
        Files.write(dir.resolve("echo.wasm"), new byte[] {0, 0x61, 0x73, 0x6d, 1, 0, 0, 0});
        CliRun r = CliRun.of("sign", "--key", keys.resolve("publisher.key").toString(), dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(dir.resolve("plugin.sig")).exists();
        assertThat(CliRun.of("verify", "--trust", pub, dir.toString()).code()).isZero();

        Path copy = Files.copy(Path.of(CliRun.plugin("echo")), tmp.resolve("echo.tar.gz"));
        assertThat(CliRun.of("sign", "--key", keys.resolve("publisher.key").toString(), copy.toString()).code()).isZero();
        assertThat(CliRun.of("verify", "--trust", pub, copy.toString()).code()).isZero();
    }

    @Test
    void signRefusesAnArchiveTheEngineWouldRejectWithExitOne() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.zip"), "not a zip");
        CliRun r = CliRun.of("sign", "--key", keys.resolve("publisher.key").toString(), bad.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("bad.zip", "not a zip archive");
    }

    @Test
    void inspectShowsTheSignatureOfEachPlugin() throws Exception {
        Path signed = signedCopy("echo");
        CliRun r = CliRun.of("inspect", "--json", "--trust", pub, "--plugins", signed.toString(), "--plugins", CliRun.plugin("hook-upper"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode plugins = new ObjectMapper().readTree(r.out()).get("plugins");
        JsonNode echo = find(plugins, "test.echo").get("signature");
        assertThat(echo.get("signed").asBoolean()).isTrue();
        assertThat(echo.get("verified").asBoolean()).isTrue();
        assertThat(echo.get("publisher").asText()).isEqualTo(keyId);
        JsonNode upper = find(plugins, "test.upper").get("signature");
        assertThat(upper.get("signed").asBoolean()).isFalse();
        assertThat(upper.get("verified").asBoolean()).isFalse();
        assertThat(upper.has("publisher")).isFalse();

        CliRun untrusted = CliRun.of("inspect", "--json", "--plugins", signed.toString());
        JsonNode s = find(new ObjectMapper().readTree(untrusted.out()).get("plugins"), "test.echo").get("signature");
        assertThat(s.get("signed").asBoolean()).isTrue();
        assertThat(s.get("verified").asBoolean()).isFalse();
        assertThat(s.get("reason").asText()).contains("not in the trust store");

        CliRun text = CliRun.of("inspect", "--trust", pub, "--plugins", signed.toString());
        assertThat(text.out()).contains("SIGNATURE", "verified, publisher " + keyId);
    }

    @Test
    void requireSignaturesRejectsTheUnsignedArchiveAndLoadsTheOthers() {
        Path signed = signedCopy("echo");
        CliRun r = CliRun.of("inspect", "--json", "--require-signatures", "--trust", pub,
                "--plugins", signed.toString(), "--plugins", CliRun.plugin("hook-upper"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"test.echo\"").doesNotContain("\"test.upper\"");
        assertThat(r.out()).contains("hook-upper.tar.gz", "not signed");

        CliRun call = CliRun.of("call", "--require-signatures", "--trust", pub, "--plugins", signed.toString(),
                "--input", "hi", "test.echo", "echo");
        assertThat(call.code()).as(call.err()).isZero();
        assertThat(call.out()).isEqualTo("echo:hi");

        CliRun refused = CliRun.of("call", "--require-signatures", "--plugins", signed.toString(), "--input", "hi", "test.echo", "echo");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("signed by an unknown key");
    }

    private static JsonNode find(JsonNode plugins, String id) {
        for (JsonNode p : plugins) if (p.get("id").asText().equals(id)) return p;
        throw new AssertionError("no plugin " + id + " in " + plugins);
    }
}
