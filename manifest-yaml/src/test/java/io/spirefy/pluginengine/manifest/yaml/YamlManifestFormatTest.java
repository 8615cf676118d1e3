package io.spirefy.pluginengine.manifest.yaml;

import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Dependency;
import io.spirefy.pluginengine.api.plugin.Event;
import io.spirefy.pluginengine.api.plugin.Hook;
import io.spirefy.pluginengine.api.plugin.Listener;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.api.spi.ManifestResult;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.spirefy.pluginengine.manifest.yaml.Manifests.minimal;
import static io.spirefy.pluginengine.manifest.yaml.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

class YamlManifestFormatTest {

    private static final String FULL = """
            # every key of contract section 3
            id: org.example.greeter
            name: Greeter
            version: 1.2.3
            description: Says hello
            wasm: bin/greeter.wasm
            sha256: 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08
            loadOnStart: true
            dependencies:
              - pluginId: org.example.core
                minVersion: 1.0.0
                maxVersion: 2.0.0
              - pluginId: org.example.util
            anchors:
              - id: greeting.decorators
                name: Decorators
                description: Decorate a greeting
                version: 1.2.0
                callSchema:
                  type: object
                  properties:
                    text: {type: string}
                  required: [text]
                responseSchema: {type: string}
              - id: greeting.footers
            hooks:
              - id: exclaim
                anchorId: greeting.decorators
                anchorVersion: 1.2.0
                func: exclaim
                order: 10
                name: Exclaim
                description: Adds an exclamation mark
                metadata:
                  label: Shout
                  weight: 2.5
                  tags: [loud, "no", 7]
                  big: 12345678901234567890
                  long: 4000000000
                  nothing: ~
                  enabled: false
                dependencies:
                  - pluginId: org.example.core
                    minVersion: 1.2.0
              - id: plain
                anchorId: greeting.footers
                func: plain
            events:
              - id: greeting.sent
                version: 1.0.0
                schema: {type: object}
                description: A greeting went out
              - id: greeting.failed
            listeners:
              - id: audit
                eventId: greeting.sent
                eventVersion: 1.0.0
                func: onGreetingSent
                order: -5
              - eventId: greeting.failed
                func: onGreetingFailed
            """;

    @Test
    void readsEveryKeyOfTheContract() {
        ManifestResult result = parse(FULL, true);
        assertThat(result.warnings()).isEmpty();
        PluginDescriptor d = result.descriptor();

        assertThat(d.id()).isEqualTo("org.example.greeter");
        assertThat(d.name()).isEqualTo("Greeter");
        assertThat(d.version()).isEqualTo(Version.of(1, 2, 3));
        assertThat(d.description()).isEqualTo("Says hello");
        assertThat(d.wasm()).isEqualTo("bin/greeter.wasm");
        assertThat(d.sha256()).isEqualTo("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        assertThat(d.loadOnStart()).isTrue();
        assertThat(d.dependencies()).containsExactly(
                new Dependency("org.example.core", Version.parse("1.0.0"), Version.parse("2.0.0")),
                Dependency.on("org.example.util"));

        Anchor decorators = d.anchors().get(0);
        assertThat(decorators.id()).isEqualTo("greeting.decorators");
        assertThat(decorators.name()).isEqualTo("Decorators");
        assertThat(decorators.description()).isEqualTo("Decorate a greeting");
        assertThat(decorators.version()).hasToString("1.2.0");
        assertThat(decorators.callSchema()).isEqualTo(Map.of(
                "type", "object",
                "properties", Map.of("text", Map.of("type", "string")),
                "required", List.of("text")));
        assertThat(decorators.responseSchema()).isEqualTo(Map.of("type", "string"));
        // Default: an anchor without a version takes the plugin's.
        assertThat(d.anchors().get(1)).isEqualTo(new Anchor("greeting.footers", null, null, Version.parse("1.2.3"), null, null));

        Hook exclaim = d.hooks().get(0);
        assertThat(exclaim.id()).isEqualTo("exclaim");
        assertThat(exclaim.anchorId()).isEqualTo("greeting.decorators");
        assertThat(exclaim.anchorVersion()).hasToString("1.2.0");
        assertThat(exclaim.func()).isEqualTo("exclaim");
        assertThat(exclaim.order()).isEqualTo(10);
        assertThat(exclaim.name()).isEqualTo("Exclaim");
        assertThat(exclaim.description()).isEqualTo("Adds an exclamation mark");
        assertThat(exclaim.dependencies()).containsExactly(new Dependency("org.example.core", Version.parse("1.2.0"), null));
        Map<String, Object> expectedMetadata = new LinkedHashMap<>();
        expectedMetadata.put("label", "Shout");
        expectedMetadata.put("weight", 2.5);
        expectedMetadata.put("tags", List.of("loud", "no", 7));
        expectedMetadata.put("big", new BigInteger("12345678901234567890"));
        expectedMetadata.put("long", 4_000_000_000L);
        expectedMetadata.put("nothing", null);
        expectedMetadata.put("enabled", false);
        assertThat(exclaim.metadata()).isEqualTo(expectedMetadata);
        // Plain, ordered, mutable Java collections, handed over as is.
        assertThat(exclaim.metadata()).isInstanceOf(LinkedHashMap.class);
        assertThat(new ArrayList<Object>(((Map<?, ?>) exclaim.metadata()).keySet()))
                .containsExactly("label", "weight", "tags", "big", "long", "nothing", "enabled");
        assertThat(((Map<?, ?>) exclaim.metadata()).get("tags")).isInstanceOf(ArrayList.class);
        // Defaults: order 0, no anchorVersion, no dependencies.
        assertThat(d.hooks().get(1)).isEqualTo(new Hook("plain", "greeting.footers", null, "plain", 0, null, null, null, List.of()));

        assertThat(d.events()).containsExactly(
                new Event("greeting.sent", Version.parse("1.0.0"), Map.of("type", "object"), "A greeting went out"),
                new Event("greeting.failed", Version.parse("1.2.3"), null, null));

        assertThat(d.listeners()).containsExactly(
                new Listener("audit", "greeting.sent", Version.parse("1.0.0"), "onGreetingSent", -5),
                // Default: a listener without an id is known by its func.
                new Listener("onGreetingFailed", "greeting.failed", null, "onGreetingFailed", 0));
    }

    @Test
    void appliesTheDefaultsOfAMinimalManifest() {
        PluginDescriptor d = parse(minimal("")).descriptor();
        assertThat(d.name()).isEqualTo("org.example.greeter");
        assertThat(d.description()).isNull();
        assertThat(d.wasm()).isNull();
        assertThat(d.sha256()).isNull();
        assertThat(d.loadOnStart()).isFalse();
        assertThat(d.dependencies()).isEmpty();
        assertThat(d.anchors()).isEmpty();
        assertThat(d.hooks()).isEmpty();
        assertThat(d.events()).isEmpty();
        assertThat(d.listeners()).isEmpty();
    }

    @Test
    void keysWrittenWithoutAValueCountAsAbsent() {
        PluginDescriptor d = parse(minimal("name:\ndescription:\nanchors:\nhooks: []\nloadOnStart:\n")).descriptor();
        assertThat(d.name()).isEqualTo("org.example.greeter");
        assertThat(d.anchors()).isEmpty();
        assertThat(d.loadOnStart()).isFalse();
    }

    @Test
    void acceptsPreReleaseAndBuildVersions() {
        PluginDescriptor d = parse("""
                id: org.example.next
                version: 2.0.0-rc.1
                dependencies:
                  - {pluginId: org.example.core, minVersion: 1.0.0-alpha, maxVersion: 1.0.0}
                anchors:
                  - {id: a, version: 3.1.4+build.7}
                """).descriptor();
        assertThat(d.version().isPreRelease()).isTrue();
        assertThat(d.version()).hasToString("2.0.0-rc.1");
        assertThat(d.version().preRelease()).containsExactly("rc", "1");
        assertThat(d.dependencies().get(0).minVersion()).hasToString("1.0.0-alpha");
        assertThat(d.anchors().get(0).version().build()).isEqualTo("build.7");
    }

    /** The manifest form the original Go engine's plugins ship: flat, hooks with anchorId/func/metadata. */
    @Test
    void readsTheGoEngineCompatForm() {
        ManifestResult result = parse("""
                id: spirefy.menu.plugin
                name: Menu Plugin
                version: 1.0.0
                description: Adds menu items
                wasm: plugin.wasm
                loadOnStart: true
                anchors:
                  - id: spirefy.menu
                    name: Menu
                    description: The main menu
                    callSchema:
                      type: object
                    responseSchema:
                      type: array
                hooks:
                  - id: menu.file
                    name: File menu
                    anchorId: spirefy.menu
                    func: fileMenu
                    description: The File menu
                    metadata:
                      label: File
                      items:
                        - label: Open
                          shortcut: Ctrl+O
                        - label: Quit
                  - id: menu.help
                    anchorId: spirefy.menu
                    func: helpMenu
                    metadata:
                      label: Help
                """);
        assertThat(result.warnings()).isEmpty();
        PluginDescriptor d = result.descriptor();
        assertThat(d.ref()).isEqualTo("spirefy.menu.plugin@1.0.0");
        assertThat(d.name()).isEqualTo("Menu Plugin");
        assertThat(d.wasm()).isEqualTo("plugin.wasm");
        assertThat(d.loadOnStart()).isTrue();
        assertThat(d.anchors()).extracting(Anchor::id, a -> a.version().toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("spirefy.menu", "1.0.0"));
        assertThat(d.hooks()).extracting(Hook::id, Hook::anchorId, Hook::func, Hook::order)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("menu.file", "spirefy.menu", "fileMenu", 0),
                        org.assertj.core.groups.Tuple.tuple("menu.help", "spirefy.menu", "helpMenu", 0));
        assertThat(d.hooks().get(0).metadata()).isEqualTo(Map.of("label", "File",
                "items", List.of(Map.of("label", "Open", "shortcut", "Ctrl+O"), Map.of("label", "Quit"))));
    }

    /** Contract section 3 (compat): the original engine's README names plugins like mycompany.plugins.MyPlugin. */
    @Test
    void pluginIdsMayHaveCapitalsAndKeepThemAsWritten() {
        PluginDescriptor d = parse("""
                id: mycompany.plugins.MyPlugin
                version: 1.0.0
                dependencies:
                  - pluginId: MyCompany.Core-Lib_2
                anchors:
                  - id: MyAnchor
                hooks:
                  - id: MyHook
                    anchorId: MyAnchor
                    func: myHook
                """).descriptor();
        assertThat(d.ref()).isEqualTo("mycompany.plugins.MyPlugin@1.0.0");
        assertThat(d.dependencies().get(0).pluginId()).isEqualTo("MyCompany.Core-Lib_2");
        assertThat(d.anchors().get(0).id()).isEqualTo("MyAnchor");
        assertThat(d.hooks().get(0).id()).isEqualTo("MyHook");
    }

    @Test
    void freeTextKeepsScalarsAsWritten() {
        // Only identifiers must be strings; a name or description like 2.0 or yes is just text.
        PluginDescriptor d = parse(minimal("name: 2.0\ndescription: yes\n")).descriptor();
        assertThat(d.name()).isEqualTo("2.0");
        assertThat(d.description()).isEqualTo("yes");
    }

    @Test
    void metadataValuesFollowYaml12Scalars() {
        Object metadata = parse(minimal("""
                hooks:
                  - id: h
                    anchorId: a
                    func: f
                    metadata: [no, off, yes, true, 0x1F, 1.5e3, .inf, -.inf, "007", 2024-01-31, '']
                """)).descriptor().hooks().get(0).metadata();
        assertThat(metadata).isEqualTo(List.of("no", "off", "yes", true, 31, 1500.0,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, "007", "2024-01-31", ""));
    }

    @Test
    void aliasesAreExpandedIntoIndependentCopies() {
        List<Hook> hooks = parse(minimal("""
                hooks:
                  - id: one
                    anchorId: a
                    func: f1
                    metadata: &shared {label: Same, tags: [x]}
                  - id: two
                    anchorId: a
                    func: f2
                    metadata: *shared
                """)).descriptor().hooks();
        Object first = hooks.get(0).metadata();
        Object second = hooks.get(1).metadata();
        assertThat(second).isEqualTo(first).isEqualTo(Map.of("label", "Same", "tags", List.of("x")));
        // A shared subtree must not become shared mutable state between two hooks.
        assertThat(second).isNotSameAs(first);
    }

    @Test
    void mergeKeysFillInWhatAnEntryDoesNotSay() {
        List<Hook> hooks = parse(minimal("""
                hooks:
                  - &menu {id: file, anchorId: spirefy.menu, func: menu, order: 5, metadata: {label: File}}
                  - <<: *menu
                    id: help
                    metadata: {label: Help}
                  - <<: [*menu, {description: merged}]
                    id: edit
                    order: 6
                """), true).descriptor().hooks();
        assertThat(hooks).extracting(Hook::id, Hook::anchorId, Hook::func, Hook::order, Hook::description, Hook::metadata)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("file", "spirefy.menu", "menu", 5, null, Map.of("label", "File")),
                        org.assertj.core.groups.Tuple.tuple("help", "spirefy.menu", "menu", 5, null, Map.of("label", "Help")),
                        org.assertj.core.groups.Tuple.tuple("edit", "spirefy.menu", "menu", 6, "merged", Map.of("label", "File")));
    }

    @Test
    void acceptsAUtf8ByteOrderMark() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = minimal("").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, bytes, 0, bom.length);
        System.arraycopy(text, 0, bytes, bom.length, text.length);
        assertThat(new YamlManifestFormat().parse(bytes, new io.spirefy.pluginengine.api.spi.ManifestContext("x", true))
                .descriptor().id()).isEqualTo("org.example.greeter");
    }

    @Test
    void namesItselfAndItsFiles() {
        YamlManifestFormat format = new YamlManifestFormat();
        assertThat(format.name()).isEqualTo("yaml");
        assertThat(format.fileNames()).containsExactly("plugin.yaml", "plugin.yml");
    }
}
