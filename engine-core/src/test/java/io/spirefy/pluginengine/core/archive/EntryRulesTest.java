package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.Problem;
import org.junit.jupiter.api.Test;

import static io.spirefy.pluginengine.core.archive.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Section 2 entry-name and entry-kind rules, for zip and tar.gz alike. */
class EntryRulesTest {

    @Test
    void zipSlipIsRejectedInZip() {
        Problem p = onlyError(loader().load("evil.zip", zip(plugin("../x", "owned"))));
        assertNames(p, "evil.zip", "../x");
        assertThat(p.message()).contains("'..'");
    }

    @Test
    void zipSlipIsRejectedInTar() {
        Problem p = onlyError(loader().load("evil.tgz", tgz(plugin("assets/../../x", "owned"))));
        assertNames(p, "evil.tgz", "assets/../../x");
        assertThat(p.message()).contains("'..'");
    }

    @Test
    void absolutePathIsRejected() {
        Problem zip = onlyError(loader().load("abs.zip", zip(plugin("/etc/x", "owned"))));
        assertNames(zip, "abs.zip", "/etc/x");
        assertThat(zip.message()).contains("absolute");
        Problem tar = onlyError(loader().load("abs.tar.gz", tgz(plugin("/etc/x", "owned"))));
        assertNames(tar, "abs.tar.gz", "/etc/x");
        assertThat(tar.message()).contains("absolute");
    }

    @Test
    void leadingDotSlashIsDroppedAndIsNotATopLevelFolder() {
        var entries = entries("./plugin.yaml", manifest(), "./greeter.wasm", WASM, "./assets/a.txt", "A");
        for (var loaded : new SourceLoader.Loaded[] {
                loader().load("dot.zip", zip(entries)),
                loader().load("dot.tgz", new TarWriter().dir("./").file("./plugin.yaml", manifest())
                        .file("./greeter.wasm", WASM).dir("./assets/").file("./assets/a.txt", "A").tgz())}) {
            assertThat(loaded.problems()).isEmpty();
            assertThat(loaded.plugins()).hasSize(1);
            PluginSource plugin = loaded.plugins().get(0);
            assertThat(plugin.files().paths()).containsExactly("assets/a.txt", "greeter.wasm", "plugin.yaml");
            assertThat(plugin.wasm()).isEqualTo(WASM);
        }
    }

    @Test
    void backslashIsRejected() {
        Problem zip = onlyError(loader().load("win.zip", zip(plugin("assets\\a.txt", "A"))));
        assertNames(zip, "win.zip", "assets\\a.txt");
        assertThat(zip.message()).contains("backslash");
        Problem tar = onlyError(loader().load("win.tgz", tgz(plugin("assets\\a.txt", "A"))));
        assertNames(tar, "win.tgz", "assets\\a.txt");
    }

    @Test
    void duplicateEntryIsRejectedInZip() {
        // ZipOutputStream refuses duplicates, so write two names and make them equal afterwards.
        byte[] zip = renamed(zip(plugin("a.txt", "first", "b.txt", "second")), "b.txt", "a.txt");
        Problem p = onlyError(loader().load("dup.zip", zip));
        assertNames(p, "dup.zip", "a.txt");
        assertThat(p.message()).contains("duplicate");
    }

    @Test
    void duplicateEntryIsRejectedInTarAlsoAfterNormalizing() {
        byte[] tgz = new TarWriter().file("plugin.yaml", manifest()).file("greeter.wasm", WASM)
                .file("a.txt", "first").file("./a.txt", "second").tgz();
        Problem p = onlyError(loader().load("dup.tgz", tgz));
        assertNames(p, "dup.tgz", "./a.txt");
        assertThat(p.message()).contains("duplicate").contains("'a.txt'");
    }

    @Test
    void symlinkIsRejectedInZip() {
        byte[] zip = withUnixMode(zip(plugin("link", "/etc/passwd")), "link", 0120777);
        Problem p = onlyError(loader().load("link.zip", zip));
        assertNames(p, "link.zip", "link");
        assertThat(p.message()).contains("symbolic link");
    }

    @Test
    void ordinaryUnixModesAreAcceptedInZip() {
        byte[] zip = withUnixMode(zip(plugin("run.sh", "echo")), "run.sh", 0100755);
        assertThat(loader().load("modes.zip", zip).problems()).isEmpty();
    }

    @Test
    void symlinkAndHardlinkAreRejectedInTar() {
        byte[] sym = new TarWriter().file("plugin.yaml", manifest()).file("greeter.wasm", WASM)
                .link("passwd", '2', "/etc/passwd").tgz();
        Problem p = onlyError(loader().load("sym.tgz", sym));
        assertNames(p, "sym.tgz", "passwd");
        assertThat(p.message()).contains("symbolic link");

        byte[] hard = new TarWriter().file("plugin.yaml", manifest()).file("greeter.wasm", WASM)
                .link("copy", '1', "plugin.yaml").tgz();
        Problem h = onlyError(loader().load("hard.tgz", hard));
        assertNames(h, "hard.tgz", "copy");
        assertThat(h.message()).contains("hard link");
    }

    @Test
    void devicesAndFifosAreRejectedInTar() {
        for (char type : new char[] {'3', '4', '6'}) {
            byte[] tgz = new TarWriter().file("plugin.yaml", manifest()).file("greeter.wasm", WASM)
                    .entry("dev", type, new byte[0], "").tgz();
            Problem p = onlyError(loader().load("dev.tgz", tgz));
            assertNames(p, "dev.tgz", "dev");
            assertThat(p.message()).containsAnyOf("device", "fifo");
        }
    }

    @Test
    void gnuLongNamesAndPaxPathsAreRead() {
        String longName = "assets/" + "d".repeat(120) + "/file.txt";
        byte[] tgz = new TarWriter().file("plugin.yaml", manifest()).file("greeter.wasm", WASM)
                .gnuLongName(longName, text("long")).paxPath("assets/pax-" + "p".repeat(150) + ".txt", text("pax"))
                .tgz();
        var loaded = loader().load("names.tgz", tgz);
        assertThat(loaded.problems()).isEmpty();
        PluginFiles files = loaded.plugins().get(0).files();
        assertThat(files.read(longName)).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("long")));
        assertThat(files.read("assets/pax-" + "p".repeat(150) + ".txt")).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("pax")));
        assertThat(files.paths()).noneMatch(p -> p.contains("placeholder") || p.contains("LongLink"));
    }

    @Test
    void longNamesAreJudgedLikeAnyOther() {
        byte[] tgz = new TarWriter().file("plugin.yaml", manifest()).file("greeter.wasm", WASM)
                .paxPath("../../" + "x".repeat(120), text("owned")).tgz();
        Problem p = onlyError(loader().load("pax.tgz", tgz));
        assertNames(p, "pax.tgz", "../../" + "x".repeat(120));
    }
}
