package io.spirefy.pluginengine.core.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataFoldersTest {

    @TempDir
    Path tmp;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesIntoOneFolderPerPluginIdAndReadsBack() throws Exception {
        DataFolders data = new DataFolders(tmp.resolve("root"), 1000);
        data.write("org.example.a", "out/notes.txt", b("one"));
        data.write("org.example.a", "./out//notes.txt", b("two"));
        assertThat(Files.readString(tmp.resolve("root/org.example.a/out/notes.txt"))).isEqualTo("two");
        assertThat(data.read("org.example.a", "out/notes.txt", 100)).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("two")));
        assertThat(data.read("org.example.b", "out/notes.txt", 100)).isEmpty();
        try (var files = Files.list(tmp.resolve("root/org.example.a/out"))) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("notes.txt");
        }
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ../escape.txt              | contains a '..' segment
            a/../../escape.txt         | contains a '..' segment
            /etc/passwd                | is absolute
            C:/x.txt                   | is absolute
            'a\\b.txt'                 | contains a backslash
            ''                         | is empty
            .pluginengine-tmp-1        | temporary files
            """)
    void refusesPathsThatCouldLeaveTheFolder(String path, String message) {
        DataFolders data = new DataFolders(tmp, 1000);
        assertThatThrownBy(() -> data.write("p", path, b("x"))).isInstanceOf(DataFailure.class).hasMessageContaining(message);
        assertThatThrownBy(() -> data.read("p", path, 100)).isInstanceOf(DataFailure.class).hasMessageContaining(message);
        assertThat(tmp.resolve("escape.txt")).doesNotExist();
    }

    /** Refused as text, before any folder of the path is made: a deep tree of folders costs no quota bytes. */
    @Test
    void refusesPathsTooLongOrTooDeepBeforeMakingAnyFolder() {
        DataFolders data = new DataFolders(tmp.resolve("root"), 1000);
        String longName = "n".repeat(255 + 1);
        String deep = "d/".repeat(32) + "f";
        String longPath = ("w".repeat(200) + "/").repeat(6) + "f";
        assertThatThrownBy(() -> data.write("p", "a/" + longName, b("x"))).hasMessageContaining("has a name longer than 255 bytes");
        assertThatThrownBy(() -> data.write("p", "a/" + "é".repeat(128), b("x"))).as("bytes, not characters")
                .hasMessageContaining("has a name longer than 255 bytes");
        assertThatThrownBy(() -> data.write("p", deep, b("x"))).hasMessageContaining("is deeper than 32 names");
        assertThatThrownBy(() -> data.write("p", longPath, b("x"))).hasMessageContaining("is longer than 1024 bytes");
        assertThatThrownBy(() -> data.write("p", "a\u0000/b", b("x"))).hasMessageContaining("control character");
        assertThat(tmp.resolve("root/p")).doesNotExist();
        data.write("p", "d/".repeat(32 - 1) + "f", b("x"));
        data.write("p", "n".repeat(255), b("x"));
    }

    @Test
    void followsNoLinkOnTheWayOrAtTheEnd() throws Exception {
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Path folder = Files.createDirectories(tmp.resolve("root/p"));
        Files.createSymbolicLink(folder.resolve("dir"), outside);
        Files.createSymbolicLink(folder.resolve("file.txt"), outside.resolve("secret.txt"));
        DataFolders data = new DataFolders(tmp.resolve("root"), 1000);

        assertThatThrownBy(() -> data.write("p", "dir/new.txt", b("x"))).hasMessageContaining("'dir/' is a link");
        assertThatThrownBy(() -> data.read("p", "dir/secret.txt", 100)).hasMessageContaining("'dir/' is a link");
        assertThatThrownBy(() -> data.read("p", "file.txt", 100)).hasMessageContaining("is a link");
        assertThat(outside.resolve("new.txt")).doesNotExist();
        // A write replaces the link itself; the file it pointed to is untouched.
        data.write("p", "file.txt", b("mine"));
        assertThat(Files.isSymbolicLink(folder.resolve("file.txt"))).isFalse();
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("secret");
    }

    @Test
    void aLinkedPluginFolderIsRefused() throws Exception {
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.createDirectory(tmp.resolve("root"));
        Files.createSymbolicLink(tmp.resolve("root/p"), outside);
        DataFolders data = new DataFolders(tmp.resolve("root"), 1000);
        assertThatThrownBy(() -> data.write("p", "x.txt", b("x"))).hasMessageContaining("the data folder of plugin p is a link");
    }

    @Test
    void theQuotaCountsEveryFileAndAReplacedFileOnce() {
        DataFolders data = new DataFolders(tmp, 10);
        data.write("p", "a", b("12345"));
        data.write("p", "a", b("1234567890"));
        assertThatThrownBy(() -> data.write("p", "b", b("x")))
                .isInstanceOf(DataFailure.class)
                .hasMessage("writing 1 bytes to 'b' would exceed the data quota of 10 bytes of plugin p (10 bytes in use)");
        data.write("p", "a", b("12"));
        data.write("p", "b", b("12345678"));
    }

    @Test
    void withoutADataRootEveryRequestSaysSo() {
        DataFolders data = new DataFolders(null, 10);
        assertThatThrownBy(() -> data.write("p", "a", b("x"))).hasMessageContaining("no data root (PluginEngine.Builder.dataRoot)");
    }
}
