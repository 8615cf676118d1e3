package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveLimits;
import io.spirefy.pluginengine.api.PluginEngineException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.spirefy.pluginengine.core.archive.Fixtures.plugin;
import static io.spirefy.pluginengine.core.archive.Fixtures.text;
import static io.spirefy.pluginengine.core.archive.Fixtures.tgz;
import static io.spirefy.pluginengine.core.archive.Fixtures.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ReadFile's view of a plugin (section 5): only its own files, never anything outside. */
class PluginFilesTest {

    private final PluginFiles files = PluginFiles.of(Map.of(
            "plugin.yaml", text("id: x"), "assets/a.txt", text("A"), "assets/sub/b.txt", text("B")), Long.MAX_VALUE);

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

    @Test
    void aFileLargerThanThePluginMayHoldIsRefusedNamingItsSizeAndTheLimit() {
        // Past the archive's allowance of files kept as they are, so both are kept deflated.
        SourceLoader loader = new SourceLoader(ArchiveLimits.DEFAULTS, List.of(new KeyValueFormat()), false, 300_000);
        byte[] big = new byte[300_001];
        byte[] fits = new byte[300_000];
        Random random = new Random(1);
        for (int i = 0; i < big.length; i++) big[i] = (byte) ('a' + random.nextInt(3));
        for (int i = 0; i < fits.length; i++) fits[i] = (byte) ('a' + random.nextInt(3));
        for (var archive : Map.of("p.zip", zip(plugin("assets/big.bin", big, "assets/fits.bin", fits)),
                "p.tgz", tgz(plugin("assets/big.bin", big, "assets/fits.bin", fits))).entrySet()) {
            PluginFiles read = loader.load(archive.getKey(), archive.getValue()).plugins().get(0).files();
            assertThatThrownBy(() -> read.read("./assets/big.bin")).isInstanceOf(PluginEngineException.class)
                    .hasMessageContaining("'assets/big.bin'").hasMessageContaining("300001 bytes")
                    .hasMessageContaining("300000 bytes").hasMessageContaining("memory limit");
            assertThat(read.read("assets/fits.bin")).hasValueSatisfying(b -> assertThat(b).isEqualTo(fits));
        }
    }
}
