package io.spirefy.pluginengine.core.archive;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.spirefy.pluginengine.core.archive.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

/** ReadFile's view of a plugin (section 5): only its own files, never anything outside. */
class PluginFilesTest {

    private final PluginFiles files = new PluginFiles(Map.of(
            "plugin.yaml", text("id: x"), "assets/a.txt", text("A"), "assets/sub/b.txt", text("B")));

    @Test
    void readsFilesRelativeToTheManifestFolder() {
        assertThat(files.read("assets/a.txt")).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("A")));
        assertThat(files.read("./assets//sub/./b.txt")).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("B")));
        assertThat(files.paths()).containsExactly("assets/a.txt", "assets/sub/b.txt", "plugin.yaml");
    }

    @Test
    void pathsOutsideThePluginAreAbsentNotErrors() {
        assertThat(files.read("../assets/a.txt")).isEmpty();
        assertThat(files.read("assets/../plugin.yaml")).isEmpty();
        assertThat(files.read("/assets/a.txt")).isEmpty();
        assertThat(files.read("/etc/passwd")).isEmpty();
        assertThat(files.read("assets\\a.txt")).isEmpty();
        assertThat(files.read("C:/assets/a.txt")).isEmpty();
        assertThat(files.read("")).isEmpty();
        assertThat(files.read(null)).isEmpty();
    }

    @Test
    void missingFileAndFolderAreAbsent() {
        assertThat(files.read("assets/missing.txt")).isEmpty();
        assertThat(files.read("assets")).isEmpty();
    }

    @Test
    void callersCannotChangeWhatOthersRead() {
        files.read("assets/a.txt").orElseThrow()[0] = 'Z';
        assertThat(files.read("assets/a.txt")).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("A")));
    }
}
