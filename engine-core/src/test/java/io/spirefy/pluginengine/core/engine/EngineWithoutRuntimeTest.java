package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.PluginState;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.core.PluginEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The host-facing engine with no WebAssembly runtime on the path: loading, listing, states,
 * resolution reasons and host declarations all work before any module runs (contract section 8).
 */
class EngineWithoutRuntimeTest {

    private static final byte[] EMPTY_MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0};

    @TempDir
    Path dir;

    private static byte[] zip(String manifest) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("plugin.yaml"));
            z.write(manifest.getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("module.wasm"));
            z.write(EMPTY_MODULE);
        }
        return out.toByteArray();
    }

    private Path write(String name, String manifest) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, zip(manifest));
        return p;
    }

    private static PluginEngine engine(List<String> changes) {
        return PluginEngines.builder()
                .stateListener((ref, from, to, cause) -> changes.add(ref + " " + from + "->" + to))
                .build();
    }

    @Test
    void loadsADirectoryOfArchivesAndListsPluginsAnchorsHooksEventsAndListeners() throws IOException {
        write("a-core.zip", """
                id: org.example.core
                version: 1.2.0
                anchors:
                  - id: greeting.decorators
                events:
                  - id: greeting.sent
                    version: 1.0.0
                """);
        write("b-shout.zip", """
                id: org.example.shout
                version: 1.0.0
                dependencies:
                  - pluginId: org.example.core
                    minVersion: 1.0.0
                hooks:
                  - id: exclaim
                    anchorId: greeting.decorators
                    anchorVersion: 1.2.5
                    func: exclaim
                  - id: whisper
                    anchorId: greeting.decorators
                    anchorVersion: 1.3.0
                    func: whisper
                listeners:
                  - eventId: greeting.sent
                    func: onSent
                """);
        Files.writeString(dir.resolve("notes.txt"), "not an archive");
        List<String> changes = new ArrayList<>();
        try (PluginEngine engine = engine(changes)) {
            LoadResult result = engine.load(dir);
            assertThat(result.problems()).isEmpty();
            assertThat(result.loaded()).containsExactly("org.example.core@1.2.0", "org.example.shout@1.0.0");

            assertThat(engine.plugins()).extracting(PluginInfo::ref, PluginInfo::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("org.example.core@1.2.0", PluginState.RESOLVED),
                    org.assertj.core.groups.Tuple.tuple("org.example.shout@1.0.0", PluginState.RESOLVED));
            assertThat(changes).contains("org.example.core@1.2.0 null->LOADED", "org.example.core@1.2.0 LOADED->RESOLVED");
            assertThat(engine.anchors()).singleElement().satisfies(a -> {
                assertThat(a.pluginRef()).isEqualTo("org.example.core@1.2.0");
                assertThat(a.anchor().version()).isEqualTo(Version.parse("1.2.0"));
            });
            assertThat(engine.hooks("greeting.decorators")).extracting(HookInfo::ref).containsExactly("org.example.shout@1.0.0/exclaim");
            HookInfo whisper = engine.hooks().stream().filter(h -> h.hook().id().equals("whisper")).findFirst().orElseThrow();
            assertThat(whisper.resolution().reason()).isEqualTo(
                    "hook org.example.shout@1.0.0/whisper: anchor greeting.decorators is loaded only as 1.2.0; the hook targets 1.3.x");
            assertThat(engine.events()).singleElement().satisfies(e -> assertThat(e.event().id()).isEqualTo("greeting.sent"));
            assertThat(engine.listeners()).singleElement().satisfies(l -> {
                assertThat(l.ref()).isEqualTo("org.example.shout@1.0.0/onSent");
                assertThat(l.resolved()).isTrue();
            });
        }
    }

    @Test
    void pluginWithUnmetDependencyStaysLoadedWithItsReasonAndResolvesWhenTheDependencyArrives() throws IOException {
        Path ext = write("ext.zip", """
                id: org.example.ext
                version: 1.0.0
                dependencies:
                  - pluginId: org.example.core
                    minVersion: 2.0.0
                """);
        Path core = write("core.zip", "id: org.example.core\nversion: 2.1.0\n");
        try (PluginEngine engine = engine(new ArrayList<>())) {
            engine.load(ext);
            PluginInfo waiting = engine.plugin("org.example.ext").orElseThrow();
            assertThat(waiting.state()).isEqualTo(PluginState.LOADED);
            assertThat(waiting.failure()).isEqualTo("dependency org.example.core >=2.0.0 is missing");
            engine.load(core);
            assertThat(engine.plugin("org.example.ext").orElseThrow().state()).isEqualTo(PluginState.RESOLVED);
        }
    }

    @Test
    void badArchivesAreProblemsOfTheirSourceAndNeverStopTheOthers() throws IOException {
        write("good.zip", "id: org.example.good\nversion: 1.0.0\n");
        write("bad.zip", "id: Bad Id\nversion: one\n");
        Files.write(dir.resolve("broken.tgz"), new byte[]{1, 2, 3});
        try (PluginEngine engine = engine(new ArrayList<>())) {
            LoadResult result = engine.load(dir);
            assertThat(result.loaded()).containsExactly("org.example.good@1.0.0");
            assertThat(result.problems()).extracting(Problem::source).anyMatch(s -> s.contains("bad.zip"))
                    .anyMatch(s -> s.contains("broken.tgz"));
            assertThat(result.problems()).filteredOn(p -> p.source().contains("bad.zip"))
                    .extracting(Problem::keyPath).contains("id", "version");
            assertThat(engine.problems()).containsAll(result.problems());
        }
    }

    @Test
    void loadingTheSamePluginVersionTwiceIsAProblemAndSideBySideVersionsAreFine() throws IOException {
        Path v1 = write("v1.zip", "id: org.example.p\nversion: 1.0.0\n");
        Path v1again = write("v1-copy.zip", "id: org.example.p\nversion: 1.0.0\n");
        Path v2 = write("v2.zip", "id: org.example.p\nversion: 2.0.0\n");
        try (PluginEngine engine = engine(new ArrayList<>())) {
            engine.load(v1);
            LoadResult again = engine.load(v1again);
            assertThat(again.loaded()).isEmpty();
            assertThat(again.problems()).singleElement().satisfies(p -> {
                assertThat(p.source()).endsWith("v1-copy.zip");
                assertThat(p.message()).contains("plugin org.example.p@1.0.0 is already loaded from").contains("v1.zip");
            });
            engine.load(v2);
            assertThat(engine.plugins()).extracting(PluginInfo::ref).containsExactly("org.example.p@1.0.0", "org.example.p@2.0.0");
            assertThat(engine.plugin("org.example.p").orElseThrow().ref()).isEqualTo("org.example.p@2.0.0");
        }
    }

    @Test
    void conflictingAnchorDeclarationsAreReportedNamingBothPlugins() throws IOException {
        Path first = write("first.zip", "id: org.example.first\nversion: 1.0.0\nanchors:\n  - id: shared\n    version: 1.2.0\n");
        Path second = write("second.zip", "id: org.example.second\nversion: 1.0.0\nanchors:\n  - id: shared\n    version: 1.2.9\n");
        try (PluginEngine engine = engine(new ArrayList<>())) {
            engine.load(first);
            engine.load(second);
            assertThat(engine.problems()).singleElement().satisfies(p -> {
                assertThat(p.source()).endsWith("second.zip");
                assertThat(p.message()).contains("org.example.second@1.0.0").contains("org.example.first@1.0.0").contains("is not used");
            });
        }
    }

    @Test
    void hostDeclaredAnchorsResolveHooksLikeAPluginsAnchor() throws IOException {
        Path hooker = write("hooker.zip", """
                id: org.example.hooker
                version: 1.0.0
                hooks:
                  - id: h
                    anchorId: app.menu
                    anchorVersion: 3.1.0
                    func: h
                """);
        try (PluginEngine engine = engine(new ArrayList<>())) {
            engine.load(hooker);
            assertThat(engine.hooks().get(0).resolved()).isFalse();
            engine.declareAnchor(Anchor.of("app.menu", Version.parse("3.1.4")));
            assertThat(engine.hooks("app.menu")).singleElement().satisfies(h -> {
                assertThat(h.resolution().targetVersion()).isEqualTo(Version.parse("3.1.4"));
                assertThat(h.resolution().targetPlugin()).isEqualTo("host@0.0.0");
            });
            assertThatThrownBy(() -> engine.declareAnchor(Anchor.of("app.other", null)))
                    .hasMessageContaining("host anchor app.other needs a version");
        }
    }

    @Test
    void withoutARuntimeACallFailsNamingWhatToAdd() throws IOException {
        Path p = write("p.zip", "id: org.example.p\nversion: 1.0.0\n");
        try (PluginEngine engine = engine(new ArrayList<>())) {
            engine.load(p);
            assertThatThrownBy(() -> engine.call("org.example.p", "run", new byte[0]))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> {
                        assertThat(e.failure()).isEqualTo(CallFailure.INACTIVE);
                        assertThat(e.getMessage()).contains("start the engine first");
                    });
            engine.start();
            // Said at start, not only at the first call.
            assertThat(engine.problems()).anySatisfy(problem -> assertThat(problem.toString())
                    .contains("no WebAssembly runtime is available", "runtime-chicory", "--bind-services"));
            assertThatThrownBy(() -> engine.call("org.example.p", "run", new byte[0]))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> {
                        assertThat(e.failure()).isEqualTo(CallFailure.INSTANTIATION);
                        assertThat(e.getMessage()).contains("no WebAssembly runtime is available").contains("runtime-chicory");
                    });
            assertThatThrownBy(() -> engine.call("org.example.missing", "run", new byte[0]))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.failure()).isEqualTo(CallFailure.NOT_FOUND));
        }
    }
}
