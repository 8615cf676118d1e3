package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveLimits;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.spirefy.pluginengine.core.archive.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading from the file system: archive files, unpacked plugin directories, directories of plugins. */
class SourcesTest {

    @TempDir
    Path tmp;

    private Path unpacked(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("assets"));
        Files.write(dir.resolve("plugin.yaml"), manifest());
        Files.write(dir.resolve("greeter.wasm"), WASM);
        Files.write(dir.resolve("assets/a.txt"), text("A"));
        return dir;
    }

    @Test
    void unpackedDirectoryLoads() throws Exception {
        Path dir = unpacked(tmp.resolve("greeter"));
        var loaded = loader().load(dir);
        assertThat(loaded.problems()).isEmpty();
        PluginSource plugin = loaded.plugins().get(0);
        assertThat(plugin.source()).isEqualTo(dir.toString());
        assertThat(plugin.files().paths()).containsExactly("assets/a.txt", "greeter.wasm", "plugin.yaml");
        assertThat(plugin.wasm()).isEqualTo(WASM);
    }

    @Test
    void unpackedDirectoryFilesStayOnDiskAndAreReadWhenRead() throws Exception {
        Path dir = unpacked(tmp.resolve("greeter"));
        Files.write(dir.resolve("assets/big.bin"), new byte[1 << 20]);
        SourceLoader loader = new SourceLoader(ArchiveLimits.DEFAULTS, java.util.List.of(new KeyValueFormat()), false, 2 << 20);
        PluginFiles files = loader.load(dir).plugins().get(0).files();
        assertThat(files.retainedBytes()).as("only the module is kept in memory").isLessThan(4096);
        assertThat(files.read("assets/big.bin")).hasValueSatisfying(b -> assertThat(b).hasSize(1 << 20));

        Files.write(dir.resolve("assets/a.txt"), text("edited"));
        assertThat(files.read("assets/a.txt")).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("edited")));
        Files.write(dir.resolve("assets/new.txt"), text("N"));
        assertThat(files.read("assets/new.txt")).as("only the files found at load").isEmpty();

        Files.write(dir.resolve("assets/big.bin"), new byte[(2 << 20) + 1]);
        assertThatThrownBy(() -> files.read("assets/big.bin")).isInstanceOf(PluginEngineException.class)
                .hasMessageContaining("assets/big.bin").hasMessageContaining(String.valueOf((2 << 20) + 1))
                .hasMessageContaining(String.valueOf(2 << 20));

        Files.delete(dir.resolve("assets/a.txt"));
        Files.createSymbolicLink(dir.resolve("assets/a.txt"), Path.of("../plugin.yaml"));
        assertThatThrownBy(() -> files.read("assets/a.txt")).isInstanceOf(PluginEngineException.class)
                .hasMessageContaining("assets/a.txt").hasMessageContaining("symbolic link");

        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.write(elsewhere.resolve("big.bin"), text("outside"));
        Files.move(dir.resolve("assets"), tmp.resolve("moved"));
        Files.createSymbolicLink(dir.resolve("assets"), elsewhere);
        assertThatThrownBy(() -> files.read("assets/big.bin")).isInstanceOf(PluginEngineException.class)
                .hasMessageContaining("symbolic link");
        Files.delete(dir.resolve("assets"));
        assertThatThrownBy(() -> files.read("assets/big.bin")).isInstanceOf(PluginEngineException.class)
                .hasMessageContaining("assets/big.bin");
    }

    @Test
    void symlinkInsideAnUnpackedDirectoryIsRejected() throws Exception {
        Path dir = unpacked(tmp.resolve("greeter"));
        Files.createSymbolicLink(dir.resolve("assets/passwd"), Path.of("../plugin.yaml"));
        Problem p = onlyError(loader().load(dir));
        assertNames(p, dir.toString(), "assets/passwd");
        assertThat(p.message()).contains("symbolic link");
    }

    @Test
    void unpackedDirectoryObeysTheSameLimits() throws Exception {
        Path dir = unpacked(tmp.resolve("greeter"));
        Files.write(dir.resolve("assets/big.bin"), new byte[4096]);
        Problem p = onlyError(loader(new ArchiveLimits(100, 1 << 20, 2048, 200)).load(dir));
        assertNames(p, dir.toString(), "assets/big.bin");
        assertThat(p.message()).contains("maxUnpackedBytes");
        Problem entries = onlyError(loader(new ArchiveLimits(3, 1 << 20, 1 << 20, 200)).load(dir));
        assertThat(entries.message()).contains("maxEntries");
    }

    @Test
    void archiveFileLoads() throws Exception {
        Path file = Files.write(tmp.resolve("greeter.zip"), zip(plugin()));
        var loaded = loader().load(file);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.plugins()).singleElement().satisfies(p -> assertThat(p.source()).isEqualTo(file.toString()));
    }

    @Test
    void archiveFileOverThePackedLimitIsNotRead() throws Exception {
        Path file = Files.write(tmp.resolve("big.tgz"), new byte[5000]);
        Problem p = onlyError(loader(new ArchiveLimits(100, 1000, 1 << 20, 200)).load(file));
        assertThat(p.source()).isEqualTo(file.toString());
        assertThat(p.message()).contains("5000").contains("maxPackedBytes");
    }

    @Test
    void directoryOfArchivesLoadsTheGoodOnesAndReportsTheBadOneAlone() throws Exception {
        Path plugins = Files.createDirectory(tmp.resolve("plugins"));
        Files.write(plugins.resolve("a-good.zip"), zip(plugin()));
        Files.write(plugins.resolve("b-evil.tgz"), tgz(plugin("../escape", "x")));
        Files.write(plugins.resolve("c-good.tar.gz"), tgz(entries("plugin.yaml", text("id: other\nversion: 2.0.0\n"), "o.wasm", WASM)));
        unpacked(plugins.resolve("d-dir"));
        Files.write(plugins.resolve("README.md"), text("not a plugin"));
        Files.createDirectory(plugins.resolve("e-empty"));

        var loaded = loader().load(plugins);

        assertThat(loaded.plugins()).extracting(PluginSource::source).containsExactly(
                plugins.resolve("a-good.zip").toString(), plugins.resolve("c-good.tar.gz").toString(),
                plugins.resolve("d-dir").toString());
        Problem p = onlyErrorOf(loaded);
        assertNames(p, plugins.resolve("b-evil.tgz").toString(), "../escape");
    }

    @Test
    void missingPathThrows() {
        Path missing = tmp.resolve("nope");
        assertThatThrownBy(() -> loader().load(missing))
                .isInstanceOf(PluginEngineException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    private static Problem onlyErrorOf(SourceLoader.Loaded loaded) {
        assertThat(loaded.problems()).hasSize(1);
        return loaded.problems().get(0);
    }
}
