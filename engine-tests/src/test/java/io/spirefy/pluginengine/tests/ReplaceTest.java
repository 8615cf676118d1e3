package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.DeliveryReport;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.PluginState;
import io.spirefy.pluginengine.api.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import static io.spirefy.pluginengine.tests.EngineHarness.bytes;
import static io.spirefy.pluginengine.tests.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

/** engine.replace: old or new, never both, never neither; a bad or failing new version leaves the old (contract section 7). */
class ReplaceTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";

    /** test.exclaim answering "[text]" instead of "text!": hook-bracket's module under test.exclaim's name and hook id. */
    static byte[] bracketingExclaim(String version) {
        return GuestArchive.of("hook-bracket").toZip("""
                id: test.exclaim
                version: %s
                wasm: hook-bracket.wasm
                hooks:
                  - id: exclaim
                    anchorId: greeting.decorators
                    anchorVersion: 1.2.0
                    func: bracket
                    order: 10
                """.formatted(version)).build();
    }

    /**
     * Runs {@code oneCall} in a loop on four threads named {@code name-0..3} (its argument: the
     * thread's number) while {@code during} runs, then stops them and waits for them to end.
     */
    private static void whileCallersRun(String name, IntConsumer oneCall, Runnable during) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int caller = t;
            Thread thread = new Thread(() -> {
                while (!stop.get()) oneCall.accept(caller);
            }, name + "-" + t);
            threads.add(thread);
            thread.start();
        }
        try {
            during.run();
        } finally {
            stop.set(true);
            for (Thread thread : threads) thread.join();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void callersDuringAHundredReplacesSeeOnlyTheOldOrTheNewAnswer(String runtime) throws Exception {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-exclaim")) {
            Set<String> answers = ConcurrentHashMap.newKeySet();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            AtomicInteger callCount = new AtomicInteger();
            whileCallersRun("caller", caller -> {
                try {
                    // Through the anchor plugin (GetHooks then CallHook by full ref) and straight from the host.
                    answers.add(caller % 2 == 0 ? h.call("test.anchor", "decorate", "world")
                            : text(h.engine.callHook("exclaim", bytes("world"))));
                    callCount.incrementAndGet();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, () -> {
                for (int i = 1; i <= 100; i++) {
                    String version = "1.0." + i;
                    byte[] archive = i % 2 == 1 ? bracketingExclaim(version) : GuestVersions.zip("hook-exclaim", version);
                    LoadResult replaced = h.engine.replace("test.exclaim", "exclaim-" + version + ".zip", archive);
                    assertThat(replaced.problems()).as("replace %d", i).isEmpty();
                    assertThat(replaced.loaded()).containsExactly("test.exclaim@" + version);
                }
            });
            assertThat(failures).as("calls that failed during the replaces").isEmpty();
            assertThat(answers).containsExactlyInAnyOrder("world!", "[world]");
            assertThat(callCount.get()).isGreaterThan(100);
            assertThat(h.engine.plugins()).extracting(p -> p.descriptor().ref())
                    .containsExactlyInAnyOrder("test.anchor@1.0.0", "test.exclaim@1.0.100");
            assertThat(h.call("test.anchor", "decorate", "world")).isEqualTo("world!");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void eventsSentDuringAHundredReplacesOfTheirListenerAreEachDeliveredOnce(String runtime) throws Exception {
        try (EngineHarness h = new EngineHarness(runtime, "event-sender", "listener-ok")) {
            List<String> lost = new CopyOnWriteArrayList<>();
            AtomicInteger sent = new AtomicInteger();
            whileCallersRun("sender", caller -> {
                try {
                    // From the sender plugin (its SendEvent answers how many listeners took it) and from the host.
                    if (caller % 2 == 0) {
                        String delivered = h.call("test.sender", "send", "{\"to\":\"bob\"}");
                        if (!delivered.equals("1")) lost.add("plugin's SendEvent delivered " + delivered);
                    } else {
                        DeliveryReport report = h.engine.sendEvent("greeting.sent", bytes("{}"));
                        if (report.delivered() != 1 || !report.failures().isEmpty()) lost.add(report.toString());
                    }
                    sent.incrementAndGet();
                } catch (Throwable e) {
                    lost.add(e.toString());
                }
            }, () -> {
                for (int i = 1; i <= 100; i++) {
                    String version = "1.0." + i;
                    LoadResult replaced = h.engine.replace("test.listen.ok", "listener-" + version + ".zip", GuestVersions.zip("listener-ok", version));
                    assertThat(replaced.problems()).as("replace %d", i).isEmpty();
                }
            });
            assertThat(lost).as("events not delivered exactly once while the listener was replaced").isEmpty();
            assertThat(sent.get()).isGreaterThan(100);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aRebuiltArchiveOfTheSameVersionReplacesIt(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-exclaim")) {
            assertThat(h.engine.replace("test.exclaim@1.0.0", "rebuilt.zip", bracketingExclaim("1.0.0")).loaded())
                    .containsExactly("test.exclaim@1.0.0");
            assertThat(h.call("test.anchor", "decorate", "world")).isEqualTo("[world]");
            assertThat(h.engine.plugin("test.exclaim").map(PluginInfo::state)).contains(PluginState.STARTED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aBadNewArchiveLeavesTheOldOneServing(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "anchor-host", "hook-exclaim")) {
            LoadResult garbage = h.engine.replace("test.exclaim", "broken.zip", bytes("not a zip at all"));
            assertThat(garbage.loaded()).isEmpty();
            assertThat(garbage.hasErrors()).isTrue();
            assertThat(garbage.problems()).extracting(Problem::message)
                    .anyMatch(m -> m.contains("test.exclaim@1.0.0 stays in place"));

            LoadResult other = h.engine.replace("test.exclaim", "upper.zip", GuestVersions.zip("hook-upper", "1.0.1"));
            assertThat(other.loaded()).isEmpty();
            assertThat(other.problems()).extracting(Problem::message)
                    .anyMatch(m -> m.contains("holds plugin test.upper@1.0.1, not a version of test.exclaim"));

            assertThat(h.call("test.anchor", "decorate", "world")).isEqualTo("world!");
            assertThat(h.engine.plugins()).extracting(p -> p.descriptor().ref() + " " + p.state())
                    .containsExactlyInAnyOrder("test.anchor@1.0.0 STARTED", "test.exclaim@1.0.0 STARTED");
            assertThat(h.reporter.problems).extracting(Problem::message).anyMatch(m -> m.contains("stays in place"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aNewVersionWhoseStartFailsRollsBack(String runtime) {
        try (EngineHarness h = new EngineHarness(runtime, "start-ok")) {
            byte[] failing = GuestArchive.of("start-fail").toZip("""
                    id: test.start.ok
                    version: 1.0.1
                    wasm: start-fail.wasm
                    """).build();
            List<String> states = new CopyOnWriteArrayList<>();
            h.engine.addStateListener((ref, from, to, cause) -> states.add(ref + " " + to));

            LoadResult result = h.engine.replace("test.start.ok", "start-fail.zip", failing);

            assertThat(result.loaded()).isEmpty();
            assertThat(result.problems()).extracting(Problem::message)
                    .anyMatch(m -> m.contains("test.start.ok@1.0.0 stays in place") && m.contains("start refused"));
            assertThat(h.engine.plugins()).extracting(p -> p.descriptor().ref() + " " + p.state())
                    .containsExactly("test.start.ok@1.0.0 STARTED");
            assertThat(h.call("test.start.ok", "count", "")).isEqualTo("1");
            assertThat(states).as("the host saw no state of a plugin that never went live").isEmpty();
        }
    }
}
