package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.spi.ManifestFormat;
import io.spirefy.pluginengine.api.spi.WasmRuntime;
import io.spirefy.pluginengine.core.PluginEngines;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module descriptors as published: the API exports only API packages, core hides its
 * implementation, and every implementation provides its service (the design card's JPMS rules).
 */
class ModuleShapeTest {

    private static ModuleDescriptor descriptorOf(Class<?> type) throws URISyntaxException {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        return ModuleFinder.of(location).findAll().iterator().next().descriptor();
    }

    private static ModuleDescriptor descriptorOf(String className) throws Exception {
        return descriptorOf(Class.forName(className));
    }

    private static Set<String> unqualifiedExports(ModuleDescriptor d) {
        return d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    }

    private static Set<String> provided(ModuleDescriptor d, Class<?> service) {
        return d.provides().stream().filter(p -> p.service().equals(service.getName()))
                .flatMap(p -> p.providers().stream()).collect(Collectors.toSet());
    }

    @Test
    void apiExportsOnlyApiPackagesAndLoadsNoServices() throws Exception {
        ModuleDescriptor api = descriptorOf(PluginEngine.class);
        assertThat(api.name()).isEqualTo("io.spirefy.pluginengine.api");
        assertThat(unqualifiedExports(api)).containsExactlyInAnyOrder(
                "io.spirefy.pluginengine.api", "io.spirefy.pluginengine.api.plugin", "io.spirefy.pluginengine.api.spi");
        // ServiceLoader runs in engine-core (EngineBuilder): 'uses' belongs there, not here.
        assertThat(api.uses()).isEmpty();
        assertThat(api.requires()).extracting(ModuleDescriptor.Requires::name).containsOnly("java.base");
    }

    @Test
    void coreExportsOnlyItsEntryPointAndKeepsItsImplementationPackages() throws Exception {
        ModuleDescriptor core = descriptorOf(PluginEngines.class);
        assertThat(core.name()).isEqualTo("io.spirefy.pluginengine.core");
        assertThat(unqualifiedExports(core)).containsExactly("io.spirefy.pluginengine.core");
        assertThat(core.packages()).contains("io.spirefy.pluginengine.core.archive", "io.spirefy.pluginengine.core.resolve",
                "io.spirefy.pluginengine.core.engine");
        assertThat(core.uses()).containsExactlyInAnyOrder(WasmRuntime.class.getName(), ManifestFormat.class.getName());
        assertThat(core.requires()).filteredOn(r -> r.name().equals("io.spirefy.pluginengine.api")).singleElement()
                .satisfies(r -> assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
    }

    @Test
    void implementationsProvideTheirServicesAndExportNothing() throws Exception {
        ModuleDescriptor yaml = descriptorOf("io.spirefy.pluginengine.manifest.yaml.YamlManifestFormat");
        assertThat(yaml.name()).isEqualTo("io.spirefy.pluginengine.manifest.yaml");
        assertThat(provided(yaml, ManifestFormat.class)).containsExactly("io.spirefy.pluginengine.manifest.yaml.YamlManifestFormat");
        assertThat(unqualifiedExports(yaml)).isEmpty();

        ModuleDescriptor chicory = descriptorOf("io.spirefy.pluginengine.runtime.chicory.ChicoryRuntime");
        assertThat(chicory.name()).isEqualTo("io.spirefy.pluginengine.runtime.chicory");
        assertThat(provided(chicory, WasmRuntime.class)).containsExactly("io.spirefy.pluginengine.runtime.chicory.ChicoryRuntime");
        assertThat(unqualifiedExports(chicory)).isEmpty();

        ModuleDescriptor extism = descriptorOf("io.spirefy.pluginengine.runtime.extism.ExtismNativeRuntime");
        assertThat(extism.name()).isEqualTo("io.spirefy.pluginengine.runtime.extism");
        assertThat(provided(extism, WasmRuntime.class)).containsExactly("io.spirefy.pluginengine.runtime.extism.ExtismNativeRuntime");
        assertThat(unqualifiedExports(extism)).isEmpty();
    }
}
