package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.ListenerRegistration;
import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PermissionPolicy;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.plugin.Permission;
import io.spirefy.pluginengine.api.PluginState;
import io.spirefy.pluginengine.api.plugin.Event;
import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ValueType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.spirefy.pluginengine.tests.EngineHarness.bytes;
import static io.spirefy.pluginengine.tests.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real plugins built from C in this repository, on every runtime (contract sections 4-7). */
class EndToEndTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void getHookRefsListsTheRefsOfGetHooksInTheSameOrderOneALine(String runtime) throws Exception {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-exclaim", "hook-upper", "hook-bracket")) {
            assertThat(h.call("test.anchor", "list_hook_refs", ""))
                    .isEqualTo("test.upper@1.0.0/upper\ntest.bracket@1.0.0/bracket\ntest.exclaim@1.0.0/exclaim\n");
            assertThat(h.call("test.anchor", "decorate_refs", "bob")).isEqualTo("[BOB]!");
        }
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host")) {
            // No hook resolved: an empty answer, not a failure.
            assertThat(h.call("test.anchor", "list_hook_refs", "")).isEmpty();
            assertThat(h.call("test.anchor", "decorate_refs", "bob")).isEqualTo("bob");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void anchorCallsTheHooksOfThreePluginsInContractOrder(String runtime) throws Exception {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-exclaim", "hook-upper", "hook-bracket")) {
            assertThat(h.call("test.anchor", "decorate", "bob")).isEqualTo("[BOB]!");

            JsonNode hooks = new ObjectMapper().readTree(h.engine.call("test.anchor", "list_hooks", new byte[0]));
            List<String> refs = new ArrayList<>();
            hooks.forEach(n -> refs.add(n.get("ref").asText()));
            assertThat(refs).containsExactly("test.upper@1.0.0/upper", "test.bracket@1.0.0/bracket", "test.exclaim@1.0.0/exclaim");
            JsonNode first = hooks.get(0);
            assertThat(first.get("pluginId").asText()).isEqualTo("test.upper");
            assertThat(first.get("pluginVersion").asText()).isEqualTo("1.0.0");
            assertThat(first.get("anchorId").asText()).isEqualTo("greeting.decorators");
            assertThat(first.get("anchorVersion").asText()).isEqualTo("1.2.0");
            assertThat(first.get("func").asText()).isEqualTo("upper");
            assertThat(first.get("metadata").get("ref").asText()).isEqualTo("decoy");
            assertThat(first.get("metadata").get("nested").get(0).get("inner").get("ref").asText()).isEqualTo("decoy-deeper");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void hookTargetingAnotherMinorStaysUncalled(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-upper", "hook-minor")) {
            assertThat(h.call("test.anchor", "decorate", "bob")).isEqualTo("BOB");
            HookInfo minor = h.engine.hooks().stream().filter(x -> x.pluginId().equals("test.minor")).findFirst().orElseThrow();
            assertThat(minor.resolved()).isFalse();
            assertThat(minor.resolution().reason()).isEqualTo(
                    "hook test.minor@1.0.0/minor: anchor greeting.decorators is loaded only as 1.2.0; the hook targets 1.3.x");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void eventWithTwoListenersWhereOneFailsCountsOneAndReportsTheFailure(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "event-sender", "listener-ok", "listener-fail")) {
            assertThat(h.call("test.sender", "send", "{\"to\":\"bob\"}")).isEqualTo("1");
            assertThat(h.reporter.listenerFailures).singleElement().asString()
                    .contains("test.listen.fail@1.0.0/").contains("listener refused");

            DeliveryReport report = h.engine.sendEvent("greeting.sent", bytes("{}"));
            assertThat(report.delivered()).isEqualTo(1);
            assertThat(report.failures()).singleElement().satisfies(f -> {
                assertThat(f.listenerRef()).startsWith("test.listen.fail@1.0.0/");
                assertThat(f.error()).isInstanceOf(PluginCallException.class);
                assertThat(((PluginCallException) f.error()).failure()).isEqualTo(CallFailure.PLUGIN_ERROR);
                assertThat(((PluginCallException) f.error()).detail()).isEqualTo("listener refused");
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void javaListenersAndHostEventsTakePartInTheSameOrder(String runtime) throws Exception {
        try (EngineHarness h = new EngineHarness(runtime, "event-sender", "listener-ok")) {
            List<String> seen = new CopyOnWriteArrayList<>();
            try (ListenerRegistration first = h.engine.addListener("audit", "greeting.sent", Version.parse("1.0.0"), -5,
                    m -> seen.add(m.sender() + ":" + text(m.payload())))) {
                assertThat(h.call("test.sender", "send", "hi")).isEqualTo("2");
                assertThat(seen).containsExactly("test.sender@1.0.0:hi");
            }
            h.engine.declareEvent(Event.of("host.ready", Version.parse("2.0.0")));
            h.engine.addListener("ready", "host.ready", null, 0, m -> seen.add("ready " + m.eventVersion()));
            assertThat(h.engine.sendEvent("host.ready", new byte[0]).delivered()).isEqualTo(1);
            assertThat(seen).last().isEqualTo("ready 2.0.0");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void readFileReadsOwnAssetsAndRefusesEscapes(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "reader")) {
            assertThat(h.call("test.reader", "read", "data/greeting.txt")).isEqualTo("hello from an asset");
            assertThat(h.call("test.reader", "read", "../reader/data/greeting.txt")).startsWith("missing:file '../reader/data/greeting.txt' is not in the archive");
            assertThat(h.call("test.reader", "read", "/etc/passwd")).startsWith("missing:file '/etc/passwd' is not in the archive");
            assertThat(h.call("test.reader", "read", "data/absent.txt")).startsWith("missing:file 'data/absent.txt'");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void trappingAndLoopingHooksFailTheirOwnCallWithinTheTimeoutWhileTheAnchorGoesOn(String runtime) {
        EngineLimits limits = EngineLimits.DEFAULTS.withCallTimeout(Duration.ofMillis(1500));
        try (EngineHarness h = new EngineHarness(runtime, limits, "anchor-host", "hook-upper", "failing-hook")) {
            // A module's first execution in a JVM loads its compiled classes (~0.3 s here, more under
            // load), which counts as its own time; warm the anchor so the test measures the hooks.
            assertThat(h.call("test.anchor", "decorate", "warm")).isEqualTo("WARM[error: hook failed on purpose]");
            h.engine.load(TestPlugins.archive("hook-trap"));
            h.engine.load(TestPlugins.archive("hook-loop"));
            long start = System.nanoTime();
            String out = h.call("test.anchor", "decorate", "bob");
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(out).startsWith("BOB[error: hook failed on purpose][error: test.trap@1.0.0 trap: trapped");
            assertThat(out).contains("test.trap@1.0.0 trap: trapped");
            assertThat(out).contains("test.loop@1.0.0 loop: timed out: ran longer than the call timeout of 1500 ms");
            // The loop is stopped by its own timeout; the anchor's clock was paused meanwhile.
            assertThat(elapsedMs).as("the looping hook was stopped, not waited for").isLessThan(10_000);

            // Every plugin still works afterwards, including the ones that failed.
            assertThat(h.call("test.anchor", "decorate", "amy")).startsWith("AMY[error: hook failed on purpose]");
            assertThatThrownBy(() -> h.engine.callHook("test.loop@1.0.0/loop", bytes("x")))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.failure()).isEqualTo(CallFailure.TIMEOUT));
            assertThatThrownBy(() -> h.engine.callHook("test.trap@1.0.0/trap", bytes("x")))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> {
                        assertThat(e.failure()).isEqualTo(CallFailure.TRAP);
                        assertThat(e.getMessage()).startsWith("test.trap@1.0.0 trap: trapped");
                    });
            assertThat(h.engine.plugins()).extracting(PluginInfo::state).containsOnly(PluginState.STARTED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void hostDeadlineBoundsEverythingBeneathTheCall(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, EngineLimits.DEFAULTS, "hook-loop", "anchor-host")) {
            assertThatThrownBy(() -> h.engine.callHook("test.loop@1.0.0/loop", bytes("x"), Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> {
                        assertThat(e.failure()).isEqualTo(CallFailure.TIMEOUT);
                        assertThat(e.detail()).isEqualTo("the caller's deadline passed");
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void eightThreadsCallingOnePluginGetExactlyTheirOwnResponses(String runtime) throws Exception {
        try (EngineHarness h = new EngineHarness(runtime, "echo")) {
            int threads = 8;
            int calls = 1_000;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    results.add(pool.submit(() -> {
                        int ok = 0;
                        for (int i = 0; i < calls; i++) {
                            String payload = "thread-" + id + "-call-" + i + "-" + "x".repeat(i % 97);
                            byte[] out = i % 2 == 0
                                    ? h.engine.call("test.echo", "echo", bytes(payload))
                                    : h.engine.callHook("test.echo@1.0.0/echo", bytes(payload));
                            if (text(out).equals("echo:" + payload)) ok++;
                        }
                        return ok;
                    }));
                }
                for (Future<Integer> f : results) assertThat(f.get()).isEqualTo(calls);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void reentrantChainFromAThroughBAndAnEventBackIntoACompletes(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "chain-a", "chain-b")) {
            assertThat(h.call("test.chain.a", "run", "go")).isEqualTo("a:b:1");
            assertThat(h.call("test.chain.a", "run", "again")).isEqualTo("a:b:1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void startRunsOncePerInstanceAndAFailingStartMarksThePluginFailed(String runtime) throws Exception {
        List<String> changes = new CopyOnWriteArrayList<>();
        try (EngineHarness h = new EngineHarness(runtime, "start-ok", "start-fail")) {
            assertThat(h.call("test.start.ok", "count", "")).isEqualTo("1");
            // Concurrent calls need more instances: each one ran start exactly once.
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> counts = new ArrayList<>();
                for (int i = 0; i < 40; i++) counts.add(pool.submit(() -> h.call("test.start.ok", "count", "")));
                for (Future<String> c : counts) assertThat(c.get()).isEqualTo("1");
            } finally {
                pool.shutdownNow();
            }
            PluginInfo failed = h.engine.plugin("test.start.fail").orElseThrow();
            assertThat(failed.state()).isEqualTo(PluginState.FAILED);
            assertThat(failed.failure()).isEqualTo("start failed: start refused");
            assertThatThrownBy(() -> h.engine.call("test.start.fail", "hello", new byte[0]))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.failure()).isEqualTo(CallFailure.INACTIVE));
            assertThat(h.engine.plugin("test.start.ok").orElseThrow().state()).isEqualTo(PluginState.STARTED);

            h.engine.addStateListener((ref, from, to, cause) -> changes.add(ref + " " + from + "->" + to));
            h.engine.stop("test.start.ok");
            assertThat(changes).containsExactly("test.start.ok@1.0.0 STARTED->STOPPED");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void memoryLimitExceededFailsCleanly(String runtime) {
        EngineLimits limits = EngineLimits.DEFAULTS.withMaxMemoryPages(64);
        try (EngineHarness h = new EngineHarness(runtime, limits, "memhog", "echo")) {
            assertThat(h.call("test.memhog", "grow", "4")).isEqualTo("grew");
            assertThatThrownBy(() -> h.call("test.memhog", "grow", "1000"))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> {
                        assertThat(e.getMessage()).startsWith("test.memhog@1.0.0 grow: ");
                        if (runtime.equals(Runtimes.CHICORY)) {
                            // Chicory refuses the growth (memory.grow gives -1) and the guest reports it.
                            assertThat(e.failure()).isEqualTo(CallFailure.PLUGIN_ERROR);
                            assertThat(e.detail()).isEqualTo("memory.grow refused");
                        } else {
                            // libextism's limiter stops the call itself.
                            assertThat(e.failure()).isEqualTo(CallFailure.MEMORY_LIMIT);
                        }
                    });
            assertThat(h.call("test.memhog", "grow", "1")).isEqualTo("grew");
            assertThat(h.call("test.echo", "echo", "still here")).isEqualTo("echo:still here");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void archiveWrittenForTheOriginalGoEngineLoadsAndItsHookIsCalled(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "compat-go")) {
            PluginInfo info = h.engine.plugin("spirefy-compat").orElseThrow();
            assertThat(info.state()).isEqualTo(PluginState.STARTED);
            assertThat(info.descriptor().loadOnStart()).isTrue();
            HookInfo hook = h.engine.hooks("compat.anchor").get(0);
            assertThat(hook.hook().metadata()).isEqualTo(java.util.Map.of("priority", "high", "tags", List.of("a", "b")));
            assertThat(text(h.engine.callHook(hook.ref(), bytes("x")))).isEqualTo("compat:x");
            assertThat(text(h.engine.callHook("compat-hook", bytes("y")))).isEqualTo("compat:y");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void bareHookIdFromAnAnchorOwnerMeansTheHookOnItsOwnAnchorEvenWhenAnotherPluginSharesTheId(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "bare-owner", "bare-other")) {
            assertThat(h.call("test.bare.owner", "run", "x")).isEqualTo("owner:mine:x");
            // The host declares no anchor here, so both hooks are candidates at the second level.
            assertThatThrownBy(() -> h.engine.callHook("count", bytes("y")))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> {
                        assertThat(e.failure()).isEqualTo(CallFailure.NOT_FOUND);
                        assertThat(e.getMessage()).contains("test.bare.owner@1.0.0/count", "test.bare.other@1.0.0/count");
                    });
            assertThat(text(h.engine.callHook("test.bare.other@1.0.0/count", bytes("z")))).isEqualTo("other:z");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void unloadingAnAnchorMakesItsHooksPendingAndReloadingResolvesThem(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-upper")) {
            h.engine.unload("test.anchor@1.0.0");
            HookInfo upper = h.engine.hooks().stream().filter(x -> x.pluginId().equals("test.upper")).findFirst().orElseThrow();
            assertThat(upper.resolved()).isFalse();
            assertThat(upper.resolution().reason()).contains("anchor greeting.decorators is not declared by any loaded plugin");
            h.engine.load(TestPlugins.archive("anchor-host"));
            assertThat(h.call("test.anchor", "decorate", "bob")).isEqualTo("BOB");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void hostFunctionsTheApplicationAddsAreOfferedBesideTheEnginesAndKnowTheirCaller(String runtime) {
        List<String> callers = new CopyOnWriteArrayList<>();
        HostFunction lookup = new HostFunction(HostFunction.USER_NAMESPACE, "app_lookup", List.of(ValueType.I64), List.of(ValueType.I64),
                (ctx, args) -> {
                    String key = ctx.readString(args[0]);
                    callers.add(ctx.caller().orElse("?"));
                    if (key.equals("boom")) throw new IllegalStateException("no value for boom");
                    return new long[]{key.equals("none") ? 0 : ctx.writeString(key.toUpperCase(java.util.Locale.ROOT))};
                });
        try (EngineHarness h = new EngineHarness(runtime, EngineLimits.DEFAULTS, b -> b.hostFunction(lookup)
                .permissions(PermissionPolicy.grant("test.hostfn", Permission.hostFunction(HostFunction.USER_NAMESPACE, "app_lookup"))),
                "host-fn", "echo")) {
            assertThat(h.call("test.hostfn", "lookup", "colour")).isEqualTo("value=COLOUR");
            assertThat(h.call("test.hostfn", "lookup", "none")).isEqualTo("failed");
            assertThat(callers).containsOnly("test.hostfn@1.0.0");
            // A host function that throws fails the plugin's call with its message, and nothing else.
            assertThatThrownBy(() -> h.call("test.hostfn", "lookup", "boom"))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> {
                        assertThat(e.failure()).isEqualTo(CallFailure.TRAP);
                        assertThat(e.getMessage()).startsWith("test.hostfn@1.0.0 lookup: trapped").contains("no value for boom");
                    });
            assertThat(h.call("test.hostfn", "lookup", "again")).isEqualTo("value=AGAIN");
            assertThat(h.call("test.echo", "echo", "ok")).isEqualTo("echo:ok");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void hostMayDeliverEventsAsynchronouslyOnItsOwnExecutor(String runtime) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "host-events"));
        try (EngineHarness h = new EngineHarness(runtime, EngineLimits.DEFAULTS, b -> b.eventExecutor(executor),
                "event-sender", "listener-ok", "listener-fail")) {
            List<String> threads = new CopyOnWriteArrayList<>();
            h.engine.addListener("thread", "greeting.sent", null, 0, m -> threads.add(Thread.currentThread().getName()));
            DeliveryReport report = h.engine.sendEventAsync("greeting.sent", bytes("{}")).get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(report.delivered()).isEqualTo(2);
            assertThat(report.failures()).extracting(DeliveryReport.ListenerFailure::listenerRef)
                    .singleElement().asString().startsWith("test.listen.fail@1.0.0/");
            assertThat(threads).containsExactly("host-events");
        } finally {
            executor.shutdownNow();
        }
    }
}
