package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.ListenerRegistration;
import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.PluginState;
import io.spirefy.pluginengine.api.plugin.Version;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.spirefy.pluginengine.tests.EngineHarness.bytes;
import static io.spirefy.pluginengine.tests.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The example plugins under examples/, written in Go, C and AssemblyScript against the PDKs in
 * pdk/, working together on every runtime. Go modules are WASI reactors: that they answer at
 * all shows the runtime linked WASI and ran {@code _initialize} before the first export.
 *
 * <p>Go modules are 2-3 MB; the pure-JVM runtime compiles each one at its first instantiation,
 * which takes seconds. So the tests share one engine per runtime with all the examples loaded,
 * and leave it as they found it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossLanguageTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";
    private static final String ALL = "greeter-go hook-c hook-as hook-go listener-go";

    private final Map<String, EngineHarness> engines = new HashMap<>();

    /** The shared engine of a runtime, with every example loaded and started. */
    private EngineHarness examples(String runtime) {
        return engines.computeIfAbsent(runtime, r -> withExamples(r, ALL));
    }

    @AfterAll
    void closeEngines() {
        engines.values().forEach(EngineHarness::close);
    }

    /** The archives scripts/build-examples made in generate-test-resources. */
    static Path example(String name) {
        String dir = System.getProperty("pluginengine.examples");
        if (dir == null) throw new IllegalStateException("system property pluginengine.examples is not set (run through Maven)");
        Path tgz = Path.of(dir).resolve(name + ".tar.gz");
        if (!Files.exists(tgz)) throw new IllegalStateException("no archive for example " + name + " in " + dir);
        return tgz;
    }

    /** An engine on the runtime with the named examples loaded and started. */
    private static EngineHarness withExamples(String runtime, String names) {
        EngineHarness h = new EngineHarness(runtime);
        for (String name : names.split(" ")) {
            LoadResult result = h.engine.load(example(name));
            assertThat(result.problems()).as("problems loading example %s", name).isEmpty();
            assertThat(result.loaded()).as("plugins loaded from example %s", name).hasSize(1);
        }
        h.engine.start();
        return h;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void goAnchorCallsTheCAssemblyScriptAndGoHooksInOrder(String runtime) {
        EngineHarness h = examples(runtime);
        assertThat(h.call("examples.greeter", "greet", "bob")).isEqualTo("Hello, bob [c] [as] [go]");
        assertThat(h.call("examples.greeter", "greet", "Zoë")).isEqualTo("Hello, Zoë [c] [as] [go]");

        // GetHooks as the Go PDK types it, and as the AssemblyScript PDK parses it (metadata too).
        assertThat(h.call("examples.greeter", "hooks", "")).isEqualTo("""
                examples.hook.c@1.0.0/decorate 1.0.0
                examples.hook.as@1.0.0/exclaim 1.0.0
                examples.hook.go@1.0.0/sign 1.0.0
                """);
        assertThat(h.call("examples.hook.as", "describe", "")).isEqualTo("""
                examples.hook.c@1.0.0/decorate (c)
                examples.hook.as@1.0.0/exclaim (assemblyscript)
                examples.hook.go@1.0.0/sign (go)
                """);
        assertThat(h.engine.plugins()).extracting(PluginInfo::state).containsOnly(PluginState.STARTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void eventSentFromCReachesTheGoListenerWhichReportsItAsJson(String runtime) throws Exception {
        EngineHarness h = examples(runtime);
        List<String> audited = new CopyOnWriteArrayList<>();
        try (ListenerRegistration listener = h.engine.addListener("test-audit", "examples.greeting.audited", Version.parse("1.0.0"), 0,
                m -> audited.add(m.sender() + " " + text(m.payload())))) {

            assertThat(h.call("examples.greeter", "greet", "bob")).isEqualTo("Hello, bob [c] [as] [go]");
            assertThat(audited).containsExactly(
                    "examples.listener.go@1.0.0 {\"heard\":\"Hello, bob [c]\",\"by\":\"examples.listener.go\"}");

            // The Go listener hears the host too; the host's report counts it as delivered.
            DeliveryReport report = h.engine.sendEvent("examples.greeting.decorated", bytes("from \"java\""));
            assertThat(report.delivered()).isEqualTo(1);
            assertThat(report.failures()).isEmpty();
            assertThat(audited).last().isEqualTo(
                    "examples.listener.go@1.0.0 {\"heard\":\"from \\\"java\\\"\",\"by\":\"examples.listener.go\"}");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aFailingCHookReachesTheGoAnchorAsAnErrorWithItsMessage(String runtime) {
        EngineHarness h = examples(runtime);
        assertThat(h.call("examples.greeter", "greet", "nobody")).isEqualTo("""
                Hello, nobody [as] [go]
                error: CallHook examples.hook.c@1.0.0/decorate: c hook: nobody to greet""");
        // The failure was that call's alone.
        assertThat(h.call("examples.greeter", "greet", "bob")).isEqualTo("Hello, bob [c] [as] [go]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void anEngineRefusalBecomesAGoErrorCarryingGetLastErrorsMessage(String runtime) {
        EngineHarness h = examples(runtime);
        // GetHooks answers 0 with an error for an undeclared anchor; Go's Serve fails the export with err.Error().
        assertThatThrownBy(() -> h.engine.call("examples.greeter", "hooks", bytes("no.such.anchor")))
                .isInstanceOfSatisfying(PluginCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(CallFailure.PLUGIN_ERROR);
                    assertThat(e.detail()).isEqualTo(
                            "GetHooks no.such.anchor: anchor no.such.anchor is not declared by any active plugin");
                });
        assertThat(h.call("examples.greeter", "hooks", "examples.greeting.decorators")).startsWith("examples.hook.c@1.0.0/decorate ");
    }
}
