package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveLimits;
import io.spirefy.pluginengine.api.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.spirefy.pluginengine.core.archive.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Section 2: where the manifest may be, which file is the module, its SHA-256, reserved ids. */
class ManifestAndModuleTest {

    @Test
    void validPluginLoadsWithItsFilesRelativeToTheManifest() {
        var loaded = loader().load("ok.zip", zip(plugin("assets/hello.txt", "hi")));
        assertThat(loaded.problems()).isEmpty();
        PluginSource plugin = loaded.plugins().get(0);
        assertThat(plugin.source()).isEqualTo("ok.zip");
        assertThat(plugin.descriptor().ref()).isEqualTo("org.example.greeter@1.0.0");
        assertThat(plugin.wasm()).isEqualTo(WASM);
        assertThat(plugin.files().read("assets/hello.txt")).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("hi")));
    }

    @Test
    void missingManifestSaysWhichNamesWereLookedFor() {
        Problem p = onlyError(loader().load("bare.zip", zip(entries("greeter.wasm", WASM))));
        assertThat(p.source()).isEqualTo("bare.zip");
        assertThat(p.message()).contains("no manifest").contains("plugin.yaml, plugin.yml").contains("archive root");
    }

    @Test
    void withoutAnyManifestFormatTheProblemSaysSo() {
        SourceLoader none = new SourceLoader(ArchiveLimits.DEFAULTS, List.of(), false);
        Problem p = onlyError(none.load("any.zip", zip(plugin())));
        assertThat(p.source()).isEqualTo("any.zip");
        assertThat(p.message()).contains("no manifest format is installed");
    }

    @Test
    void twoManifestsAreRejectedNamingBoth() {
        Problem p = onlyError(loader().load("two.tgz", tgz(plugin("plugin.yml", manifest()))));
        assertNames(p, "two.tgz", "plugin.yml");
        assertThat(p.message()).contains("plugin.yaml").contains("plugin.yml").contains("more than one manifest");
    }

    @Test
    void manifestInOneTopLevelFolderIsAccepted() {
        byte[] tgz = new TarWriter().dir("greeter-1.0.0/").file("greeter-1.0.0/plugin.yaml", manifest())
                .file("greeter-1.0.0/greeter.wasm", WASM).file("greeter-1.0.0/assets/a.txt", "A").tgz();
        var loaded = loader().load("folder.tgz", tgz);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.plugins().get(0).files().paths()).containsExactly("assets/a.txt", "greeter.wasm", "plugin.yaml");
    }

    @Test
    void twoTopLevelFoldersMeanNoManifestAtAnAcceptedPlace() {
        byte[] zip = zip(entries("a/plugin.yaml", manifest(), "a/greeter.wasm", WASM, "b/plugin.yaml", manifest()));
        Problem p = onlyError(loader().load("split.zip", zip));
        assertNames(p, "split.zip", "a/plugin.yaml");
        assertThat(p.message()).contains("no manifest").contains("a/plugin.yaml, b/plugin.yaml")
                .contains("not at an accepted place");
    }

    @Test
    void manifestDeeperThanOneFolderIsNotFound() {
        Problem p = onlyError(loader().load("deep.zip", zip(entries("x/y/plugin.yaml", manifest(), "x/y/g.wasm", WASM))));
        assertNames(p, "deep.zip", "x/y/plugin.yaml");
        assertThat(p.message()).contains("single top-level folder 'x/'");
    }

    @Test
    void noModuleIsAnError() {
        Problem p = onlyError(loader().load("nowasm.zip", zip(entries("plugin.yaml", manifest()))));
        assertNames(p, "nowasm.zip", "plugin.yaml");
        assertThat(p.message()).contains("no *.wasm");
    }

    @Test
    void severalModulesWithoutWasmKeyIsAnErrorNamingThem() {
        Problem p = onlyError(loader().load("many.zip", zip(plugin("lib/other.wasm", WASM))));
        assertNames(p, "many.zip", "plugin.yaml");
        assertThat(p.message()).contains("greeter.wasm").contains("lib/other.wasm");
    }

    @Test
    void namedModuleIsTakenAmongSeveral() {
        byte[] other = {0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 42};
        var loaded = loader().load("named.zip", zip(entries("plugin.yaml", manifest("wasm: ./lib/other.wasm"),
                "greeter.wasm", WASM, "lib/other.wasm", other)));
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.plugins().get(0).wasm()).isEqualTo(other);
    }

    @Test
    void namedModuleIsRelativeToTheManifestFolder() {
        var loaded = loader().load("nested.tgz", tgz(entries("p/plugin.yaml", manifest("wasm: bin/g.wasm"), "p/bin/g.wasm", WASM)));
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.plugins()).hasSize(1);
    }

    @Test
    void missingNamedModuleIsAnErrorNamingIt() {
        Problem p = onlyError(loader().load("gone.zip",
                zip(entries("plugin.yaml", manifest("wasm: missing.wasm"), "greeter.wasm", WASM))));
        assertNames(p, "gone.zip", "missing.wasm");
        assertThat(p.message()).contains("'missing.wasm'").contains("not in the archive").contains("greeter.wasm");
    }

    @Test
    void namedModuleOutsideTheArchiveIsAnError() {
        Problem p = onlyError(loader().load("up.zip", zip(entries("plugin.yaml", manifest("wasm: ../g.wasm"), "g.wasm", WASM))));
        assertNames(p, "up.zip", "plugin.yaml");
        assertThat(p.message()).contains("'../g.wasm'");
    }

    @Test
    void matchingSha256Loads() throws Exception {
        var loaded = loader().load("sha.zip", zip(entries("plugin.yaml", manifest("sha256: " + sha256(WASM).toUpperCase()),
                "greeter.wasm", WASM)));
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.plugins()).hasSize(1);
    }

    @Test
    void sha256MismatchIsAnErrorWithBothValues() throws Exception {
        String wrong = "0".repeat(64);
        Problem p = onlyError(loader().load("sha.zip", zip(entries("plugin.yaml", manifest("sha256: " + wrong),
                "greeter.wasm", WASM))));
        assertNames(p, "sha.zip", "greeter.wasm");
        assertThat(p.message()).contains(wrong).contains(sha256(WASM));
    }

    @Test
    void hostIdIsReserved() {
        byte[] zip = zip(entries("plugin.yaml", text("id: host\nversion: 1.0.0\n"), "h.wasm", WASM));
        Problem p = onlyError(loader().load("host.zip", zip));
        assertNames(p, "host.zip", "plugin.yaml");
        assertThat(p.message()).contains("'host'").contains("reserved");
    }

    @Test
    void manifestWarningsAreReportedAndThePluginStillLoads() {
        var loaded = loader().load("warn.zip", zip(entries("plugin.yaml", manifest("colour: blue"), "g.wasm", WASM)));
        assertThat(loaded.plugins()).hasSize(1);
        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(p.source()).isEqualTo("warn.zip!/plugin.yaml");
            assertThat(p.keyPath()).isEqualTo("colour");
        });
    }

    @Test
    void manifestErrorsAreReportedAndThePluginIsNotLoaded() {
        SourceLoader strict = new SourceLoader(ArchiveLimits.DEFAULTS, List.of(new KeyValueFormat()), true);
        var loaded = strict.load("strict.zip", zip(entries("plugin.yaml", text("id: x\ncolour: blue\n"), "g.wasm", WASM)));
        assertThat(loaded.plugins()).isEmpty();
        assertThat(loaded.problems()).extracting(Problem::severity, Problem::source, Problem::keyPath)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Problem.Severity.ERROR, "strict.zip!/plugin.yaml", "colour"),
                        org.assertj.core.groups.Tuple.tuple(Problem.Severity.ERROR, "strict.zip!/plugin.yaml", "version"));
    }

    @Test
    void descriptorRejectionsByTheFormatBecomeManifestErrors() {
        var loaded = loader().load("badid.zip", zip(entries("plugin.yaml", text("id: Bad Id\nversion: 1.0.0\n"), "g.wasm", WASM)));
        Problem p = onlyError(loaded);
        assertThat(p.source()).isEqualTo("badid.zip!/plugin.yaml");
        assertThat(p.message()).contains("Bad Id");
    }
}
