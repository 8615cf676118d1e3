package io.spirefy.pluginengine.manifest.yaml;

import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.spi.ManifestContext;
import io.spirefy.pluginengine.api.spi.ManifestFormat;
import io.spirefy.pluginengine.api.spi.ManifestResult;
import org.junit.jupiter.api.Test;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider is found the two ways a host can deploy it: as a module on the module path (the
 * {@code provides} clause) and as a jar on the class path (the META-INF/services file).
 */
class ServiceDiscoveryTest {

    private static final String MODULE = "io.spirefy.pluginengine.manifest.yaml";
    private static final String API_MODULE = "io.spirefy.pluginengine.api";
    /** What this module needs at run time besides the API, Jackson's databind included (the YAML module requires it). */
    private static final List<String> LIBRARY_MODULES = List.of("com.fasterxml.jackson.core",
            "com.fasterxml.jackson.dataformat.yaml", "com.fasterxml.jackson.databind",
            "com.fasterxml.jackson.annotation", "org.yaml.snakeyaml");

    private static final byte[] MANIFEST = """
            id: org.example.greeter
            version: 1.2.3
            hooks:
              - {id: exclaim, anchorId: greeting.decorators, func: exclaim}
            """.getBytes(StandardCharsets.UTF_8);

    @Test
    void aFreshModuleLayerFindsTheProviderThroughItsProvidesClause() {
        // Our module's classes (target/classes) and the libraries, as a host would lay them out for a
        // plugin layer. The API stays in the parent (boot) layer so both sides share ManifestFormat.
        List<Path> paths = new ArrayList<>();
        paths.add(locationOf(MODULE));
        LIBRARY_MODULES.forEach(name -> paths.add(locationOf(name)));
        assertThat(paths.get(0)).as("the module's exploded classes").isDirectory();

        ModuleLayer parent = ModuleLayer.boot();
        Configuration configuration = parent.configuration()
                .resolveAndBind(ModuleFinder.of(paths.toArray(Path[]::new)), ModuleFinder.of(), Set.of(MODULE));
        ModuleLayer layer = parent.defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
        assertThat(configuration.findModule(MODULE)).map(m -> m.reference().descriptor().provides().toString())
                .hasValueSatisfying(p -> assertThat(p).contains(ManifestFormat.class.getName(), YamlManifestFormat.class.getName()));
        // The module exports nothing: the engine reaches it only as a service.
        assertThat(layer.findModule(MODULE).orElseThrow().getDescriptor().exports()).isEmpty();

        // ServiceLoader insists that the calling module declares `uses`; these tests run inside our
        // module (patched in by surefire), which provides the service but does not use it.
        ServiceDiscoveryTest.class.getModule().addUses(ManifestFormat.class);
        // ServiceLoader.load(layer, ...) also searches the parent layers; keep the new layer's own.
        List<ManifestFormat> found = ServiceLoader.load(layer, ManifestFormat.class).stream()
                .filter(p -> p.type().getModule().getLayer() == layer)
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(found).hasSize(1);
        ManifestFormat format = found.get(0);
        assertThat(format.name()).isEqualTo("yaml");
        assertThat(format.fileNames()).containsExactly("plugin.yaml", "plugin.yml");
        assertThat(format.getClass().getModule().getName()).isEqualTo(MODULE);
        assertThat(format.getClass()).isNotSameAs(YamlManifestFormat.class);
        assertThat(format.getClass().getClassLoader()).isSameAs(layer.findLoader(MODULE));

        ManifestResult result = format.parse(MANIFEST, new ManifestContext("layer-test/plugin.yaml", true));
        PluginDescriptor descriptor = result.descriptor();
        assertThat(descriptor.ref()).isEqualTo("org.example.greeter@1.2.3");
        assertThat(descriptor.hooks()).singleElement().satisfies(h -> assertThat(h.func()).isEqualTo("exclaim"));
        // The layer's Jackson is its own copy: nothing is borrowed from the boot layer but the API.
        ResolvedModule jackson = configuration.findModule("com.fasterxml.jackson.dataformat.yaml").orElseThrow();
        assertThat(jackson.configuration()).isSameAs(configuration);
    }

    @Test
    void aPlainClassPathFindsTheProviderThroughMetaInfServices() throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(locationOf(MODULE).toUri().toURL());
        urls.add(locationOf(API_MODULE).toUri().toURL());
        for (String name : LIBRARY_MODULES) urls.add(locationOf(name).toUri().toURL());

        // Parent: the bootstrap loader. The platform loader would not do: it delegates packages of
        // named modules on the boot layer to the application loader, handing back the boot layer's API.
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), null)) {
            // Everything here is in the loader's unnamed module, so the types are the loader's own:
            // reach them by reflection.
            Class<?> spi = loader.loadClass(ManifestFormat.class.getName());
            assertThat(spi.getModule().isNamed()).isFalse();
            ServiceDiscoveryTest.class.getModule().addUses(spi);
            List<Object> found = new ArrayList<>();
            ServiceLoader.load(spi, loader).forEach(found::add);

            assertThat(found).singleElement().satisfies(format -> {
                assertThat(format.getClass().getName()).isEqualTo(YamlManifestFormat.class.getName());
                assertThat(spi.getMethod("name").invoke(format)).isEqualTo("yaml");
                Class<?> contextType = loader.loadClass(ManifestContext.class.getName());
                Object context = contextType.getConstructor(String.class, boolean.class).newInstance("cp/plugin.yaml", false);
                Object result = spi.getMethod("parse", byte[].class, contextType).invoke(format, MANIFEST, context);
                Object descriptor = result.getClass().getMethod("descriptor").invoke(result);
                assertThat(descriptor.getClass().getMethod("ref").invoke(descriptor)).isEqualTo("org.example.greeter@1.2.3");
            });
        }
    }

    /** Where a module of the test run's boot layer was loaded from (a jar, or target/classes). */
    private static Path locationOf(String module) {
        return ModuleLayer.boot().configuration().findModule(module)
                .flatMap(m -> m.reference().location())
                .map(Path::of)
                .orElseThrow(() -> new AssertionError("module " + module + " is not on the test run's module path"));
    }
}
