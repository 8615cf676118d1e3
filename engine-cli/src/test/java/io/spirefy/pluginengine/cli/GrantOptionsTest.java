package io.spirefy.pluginengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** --grant and --data on the commands that load plugins (contract section 9): deny by default, granted per plugin. */
class GrantOptionsTest {

    @TempDir
    Path tmp;

    /** files-c asks for 'files' and writes its input to c.txt in its data folder. */
    private CliRun write(String... options) {
        return writeWith(CliRun.plugin("files-c"), options);
    }

    private CliRun writeWith(String archive, String... options) {
        String[] head = {"call", "--plugins", archive, "--plugins", CliRun.plugin("echo")};
        String[] tail = {"--input", "hello", "test.files.c", "write"};
        String[] args = new String[head.length + options.length + tail.length];
        System.arraycopy(head, 0, args, 0, head.length);
        System.arraycopy(options, 0, args, head.length, options.length);
        System.arraycopy(tail, 0, args, head.length + options.length, tail.length);
        return CliRun.of(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"test.files.c=files", "*=files", "test.*=files,templates", "test.files.c= files , host:a/b"})
    void aGrantedPluginWritesInItsOwnFolderUnderData(String grant) throws IOException {
        Path data = tmp.resolve("data");
        CliRun r = write("--grant", grant, "--data", data.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("ok");
        assertThat(Files.readString(data.resolve("test.files.c/c.txt"))).isEqualTo("hello");
    }

    @Test
    void withoutAGrantForThatPluginWriteFileIsNotOffered() {
        Path data = tmp.resolve("data");
        for (CliRun r : new CliRun[] {write("--data", data.toString()),
                write("--grant", "test.echo=files", "--data", data.toString()),
                write("--grant", "test.files=files", "--data", data.toString()),
                write("--grant", "test.files.c=templates", "--data", data.toString())}) {
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.err()).contains("WriteFile");
        }
        assertThat(data.resolve("test.files.c")).doesNotExist();
    }

    @Test
    void filesWithoutDataIsAUsageError() {
        CliRun r = write("--grant", "test.files.c=files");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("--data DIR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"test.files.c", "test.files.c=", "test.files.c=write", "test.files.c=host:nofunction",
            "test files=files", "test.*.c=files", "=files"})
    void aGrantThatDoesNotParseIsAUsageErrorNamingIt(String grant) {
        CliRun r = write("--grant", grant, "--data", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("--grant " + grant + ": ");
    }

    @Test
    void inspectShowsWhatWasGrantedOfWhatWasAsked() throws IOException {
        String[] args = {"inspect", "--plugins", CliRun.plugin("files-c"), "--plugins", CliRun.plugin("echo"),
                "--grant", "*=files,templates", "--data", tmp.toString()};
        CliRun text = CliRun.of(args);
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).containsPattern("test\\.files\\.c@1\\.0\\.0 .*files \\(granted: files\\)");

        String[] json = new String[args.length + 1];
        json[0] = "inspect";
        json[1] = "--json";
        System.arraycopy(args, 1, json, 2, args.length - 1);
        JsonNode plugins = new ObjectMapper().readTree(CliRun.of(json).out()).get("plugins");
        JsonNode files = find(plugins, "test.files.c").get("permissions");
        assertThat(files.get("requested")).extracting(JsonNode::asText).containsExactly("files");
        assertThat(files.get("granted")).extracting(JsonNode::asText).containsExactly("files");
        JsonNode echo = find(plugins, "test.echo").get("permissions");
        assertThat(echo.get("requested")).isEmpty();
        assertThat(echo.get("granted")).as("never more than the manifest asks for").isEmpty();
    }

    @Test
    void hooksAndSendTakeTheOptionsToo() {
        for (String command : new String[] {"hooks", "send"}) {
            CliRun bad = CliRun.of(command, "--plugins", CliRun.plugin("echo"), "--grant", "nonsense", "x");
            assertThat(bad.code()).as(command).isEqualTo(2);
            assertThat(bad.err()).as(command).contains("--grant nonsense: ");
        }
    }

    /** A key pair made by {@code keygen} in {@code dir}; returns the public key file. */
    private static String keygen(Path dir) {
        CliRun r = CliRun.of("keygen", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return dir.resolve("publisher.pub").toString();
    }

    /** files-c signed with the private key beside {@code pub}. */
    private String signedFilesC(String pub, String name) {
        Path out = tmp.resolve(name + ".tar.gz");
        CliRun r = CliRun.of("sign", "--key", Path.of(pub).resolveSibling("publisher.key").toString(), CliRun.plugin("files-c"),
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return out.toString();
    }

    @Test
    void aSignedGrantReachesOnlyTheArchiveSignedWithThatKey() throws IOException {
        String pub = keygen(tmp.resolve("keys"));
        String other = keygen(tmp.resolve("other"));
        Path data = tmp.resolve("data");
        String[] options = {"--trust", pub, "--trust", other, "--grant-signed", pub + ":test.files.c=files", "--data", data.toString()};

        CliRun signed = writeWith(signedFilesC(pub, "signed"), options);
        assertThat(signed.code()).as(signed.err()).isZero();
        assertThat(Files.readString(data.resolve("test.files.c/c.txt"))).isEqualTo("hello");
        Files.delete(data.resolve("test.files.c/c.txt"));

        for (String archive : new String[] {CliRun.plugin("files-c"), signedFilesC(other, "by-other")}) {
            CliRun r = writeWith(archive, options);
            assertThat(r.code()).as(archive + ": " + r.err()).isEqualTo(1);
            assertThat(r.err()).contains("WriteFile");
        }
        assertThat(data.resolve("test.files.c/c.txt")).doesNotExist();
    }

    @Test
    void aSignedGrantWithAKeyThatIsNotTrustedIsAUsageError() {
        String pub = keygen(tmp.resolve("keys"));
        CliRun r = writeWith(signedFilesC(pub, "signed"), "--grant-signed", pub + ":test.files.c=files", "--data", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .contains("--grant-signed " + pub + ":test.files.c=files: ").contains("not trusted; add --trust " + pub);
    }

    @ParameterizedTest
    @ValueSource(strings = {"test.files.c=files", ":test.files.c=files", "KEY:test.files.c", "KEY:test.files.c=write",
            "KEY:test files=files", "MISSING:test.files.c=files"})
    void aSignedGrantThatDoesNotParseIsAUsageErrorNamingIt(String grant) {
        String pub = keygen(tmp.resolve("keys"));
        String text = grant.replace("MISSING", tmp.resolve("missing.pub").toString()).replace("KEY", pub);
        CliRun r = write("--trust", pub, "--grant-signed", text, "--data", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("--grant-signed " + text + ": ");
    }

    private static JsonNode find(JsonNode plugins, String id) {
        for (JsonNode p : plugins) {
            if (p.get("id").asText().equals(id)) return p;
        }
        throw new AssertionError("no plugin " + id + " in " + plugins);
    }
}
