package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.PluginState;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.spirefy.pluginengine.tests.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on time (issue 12): plugin code that runs where no clock watched it (instantiation, the
 * start section, {@code _initialize}, {@code start}, {@code stop}), call trees whose every call
 * stays within its own timeout, a blocking WASI sleep, and a module that is slow to compile.
 */
final class TimeAttacks {

    private static final Duration TIMEOUT = AttackedEngine.CALL_TIMEOUT;
    private static final Duration TREE_DEADLINE = AttackedEngine.LIMITS.effectiveCallTreeDeadline();
    /** What engine.start()/close() may take beyond the plugin code's own bound. */
    private static final Duration FEW_SECONDS = Duration.ofSeconds(3);

    private TimeAttacks() {
    }

    /** How long to wait for an operation that the test expects to end within {@code bound}. */
    private static Duration within(Duration bound) {
        return bound.plus(AttackedEngine.GRACE);
    }

    static void endlessInitialize(String runtime) {
        endlessInstantiation(runtime, "hostile-init", "test.hostile.init");
    }

    static void endlessStartSection(String runtime) {
        endlessInstantiation(runtime, "hostile-start-section", "test.hostile.startsection");
    }

    static void endlessInitializeWithLoadOnStart(String runtime) {
        endlessInstantiationAtEngineStart(runtime, "hostile-init", "test.hostile.init");
    }

    static void endlessStartSectionWithLoadOnStart(String runtime) {
        endlessInstantiationAtEngineStart(runtime, "hostile-start-section", "test.hostile.startsection");
    }

    /** The first call instantiates the plugin: it must fail by the clock, and the plugin be FAILED. */
    private static void endlessInstantiation(String runtime, String guest, String id) {
        try (AttackedEngine a = new AttackedEngine(runtime, AttackedEngine.LIMITS).load(guest).start()) {
            Bounded.Outcome<byte[]> first = a.call(id, "hello", "", within(TIMEOUT.plus(AttackedEngine.TICK)));
            PluginCallException e = first.callFailure("the first call into " + id);
            Measured.print(guest + ": first call " + e.failure() + " after " + first.millis() + " ms: " + e.getMessage());
            assertThat(e.failure()).isIn(CallFailure.TIMEOUT, CallFailure.INSTANTIATION);
            if (e.failure() == CallFailure.INSTANTIATION) assertThat(e.getMessage()).containsIgnoringCase("time");
            assertThat(first.millis()).isLessThan(TIMEOUT.plus(AttackedEngine.TICK).toMillis());
            assertThat(a.state(id)).isEqualTo(PluginState.FAILED);
            a.innocentAnswers();
            a.heapBackNearStart(guest);
        }
    }

    /** loadOnStart: engine.start() instantiates it; start must return, and the others start. */
    private static void endlessInstantiationAtEngineStart(String runtime, String guest, String id) {
        try (AttackedEngine a = new AttackedEngine(runtime, AttackedEngine.LIMITS)) {
            GuestArchive archive = GuestArchive.of(guest);
            LoadResult loaded = a.load(guest + "-on-start.zip", archive.toZip(archive.manifest() + "loadOnStart: true\n").build());
            assertThat(loaded.problems()).isEmpty();
            a.load("start-ok");
            Bounded.Outcome<Void> start = Bounded.act("engine.start()", within(TIMEOUT.plus(FEW_SECONDS)), a.engine::start);
            start.value("engine.start()");
            PluginInfo hostile = a.engine.plugin(id).orElseThrow();
            Measured.print(guest + " with loadOnStart: engine.start() took " + start.millis() + " ms; " + hostile.state() + ": " + hostile.failure());
            assertThat(start.millis()).isLessThan(TIMEOUT.plus(FEW_SECONDS).toMillis());
            assertThat(hostile.state()).isEqualTo(PluginState.FAILED);
            assertThat(a.state("test.start.ok")).isEqualTo(PluginState.STARTED);
            assertThat(text(a.call("test.start.ok", "count", "").value("the innocent loadOnStart plugin"))).isEqualTo("1");
            a.innocentAnswers();
        }
    }

    /** Every CallHook ends by its own timeout, and the caller's clock is paused meanwhile: only the tree's deadline ends it. */
    static void callHookLoopIntoASpinningHook(String runtime) {
        try (AttackedEngine a = new AttackedEngine(runtime, AttackedEngine.LIMITS).load("hostile-spinner").load("hostile-chain").start()) {
            // Twice: the first call finds out that run nests, so the second starts where the stack
            // is known (a worker, or the host's thread measured) and its CallHooks run inline on
            // the same thread: the deadline must stop it there too, not its callees.
            for (String which : new String[] {"first", "second"}) {
                Bounded.Outcome<byte[]> run = a.call("test.hostile.chain", "run", "", within(TREE_DEADLINE.plus(AttackedEngine.TICK)));
                PluginCallException e = run.callFailure("a loop of CallHooks into a spinning hook, " + which + " call");
                Measured.print("CallHook loop, " + which + " call: " + e.failure() + " after " + run.millis() + " ms (deadline "
                        + TREE_DEADLINE.toMillis() + " ms)");
                assertThat(e.failure()).isEqualTo(CallFailure.TIMEOUT);
                assertThat(run.millis()).isLessThan(TREE_DEADLINE.plus(AttackedEngine.TICK).toMillis());
            }
            a.innocentAnswers();
            a.heapBackNearStart("a CallHook loop");
        }
    }

    static void callHookLoopInStart(String runtime) {
        try (AttackedEngine a = new AttackedEngine(runtime, AttackedEngine.LIMITS).load("hostile-spinner").load("hostile-chain-start")) {
            a.load("start-ok");
            Bounded.Outcome<Void> start = Bounded.act("engine.start()", within(TREE_DEADLINE.plus(FEW_SECONDS)), a.engine::start);
            start.value("engine.start()");
            Measured.print("CallHook loop in start: engine.start() took " + start.millis() + " ms");
            assertThat(start.millis()).isLessThan(TREE_DEADLINE.plus(FEW_SECONDS).toMillis());
            assertThat(a.state("test.hostile.chain.start")).isEqualTo(PluginState.FAILED);
            assertThat(a.state("test.start.ok")).isEqualTo(PluginState.STARTED);
            a.innocentAnswers();
        }
    }

    static void callHookLoopInStop(String runtime) {
        AttackedEngine a = new AttackedEngine(runtime, AttackedEngine.LIMITS).load("hostile-spinner").load("hostile-chain-stop").start();
        assertThat(text(a.call("test.hostile.chain.stop", "hello", "").value("hello"))).isEqualTo("hello");
        Bounded.Outcome<Void> stop = Bounded.act("engine.stop(plugin)", within(TREE_DEADLINE.plus(FEW_SECONDS)), () -> a.engine.stop("test.hostile.chain.stop"));
        stop.value("engine.stop(plugin)");
        Measured.print("CallHook loop in stop: engine.stop(plugin) took " + stop.millis() + " ms");
        assertThat(stop.millis()).isLessThan(TREE_DEADLINE.plus(FEW_SECONDS).toMillis());
        a.innocentAnswers();

        Bounded.act("engine.start(plugin)", AttackedEngine.HUNG, () -> a.engine.start("test.hostile.chain.stop")).value("engine.start(plugin)");
        assertThat(text(a.call("test.hostile.chain.stop", "hello", "").value("hello again"))).isEqualTo("hello");
        Bounded.Outcome<Void> close = Bounded.act("engine.close()", within(TREE_DEADLINE.plus(FEW_SECONDS)), a.engine::close);
        close.value("engine.close()");
        Measured.print("CallHook loop in stop: engine.close() took " + close.millis() + " ms");
        assertThat(close.millis()).isLessThan(TREE_DEADLINE.plus(FEW_SECONDS).toMillis());
    }

    /** A WASI sleep of an hour: the timeout must reach a call blocked in it (or the sleep not block). */
    static void wasiSleepOfAnHour(String runtime) {
        try (AttackedEngine a = new AttackedEngine(runtime, AttackedEngine.LIMITS).load("hostile-sleep").start()) {
            Bounded.Outcome<byte[]> sleep = a.call("test.hostile.sleep", "sleep", "", within(TIMEOUT.plus(AttackedEngine.TICK)));
            PluginCallException e = sleep.callFailure("a sleep of an hour");
            Measured.print("WASI sleep of an hour: " + e.failure() + " after " + sleep.millis() + " ms: " + e.getMessage());
            // A runtime that refuses a blocking sleep is fine too: the plugin then fails itself at once.
            if (e.failure() != CallFailure.TIMEOUT) {
                assertThat(e.failure()).isEqualTo(CallFailure.PLUGIN_ERROR);
                assertThat(e.detail()).startsWith("poll_oneoff errno ");
            }
            assertThat(sleep.millis()).isLessThan(TIMEOUT.plus(AttackedEngine.TICK).toMillis());
            a.innocentAnswers();
            a.heapBackNearStart("a WASI sleep");
        }
    }

    /**
     * A 1 MB module holding one br_table of a million targets (a few KB zipped). It may run
     * (interpreted) or fail to start with a reason; either way the engine answers the innocent
     * plugin within a bounded time.
     */
    static void branchTableOfAMillionTargets(String runtime) {
        Duration total = Duration.ofSeconds(60);
        long start = System.nanoTime();
        try (AttackedEngine a = new AttackedEngine(runtime, AttackedEngine.LIMITS.withCompileTimeout(Duration.ofSeconds(10)))) {
            byte[] module = BranchTableModule.withTargets(1_000_000);
            byte[] zip = new ZipBuilder().add("plugin.yaml", "id: test.hostile.brtable\nversion: 1.0.0\nwasm: brtable.wasm\n".getBytes(StandardCharsets.UTF_8))
                    .add("brtable.wasm", module).build();
            Measured.print("br_table module: " + module.length + " bytes, " + zip.length + " zipped");
            assertThat(a.load("brtable.zip", zip).problems()).isEmpty();
            Bounded.act("engine.start()", total, a.engine::start).value("engine.start()");
            Bounded.Outcome<byte[]> run = a.call("test.hostile.brtable", "run", "", total);
            PluginInfo info = a.engine.plugin("test.hostile.brtable").orElseThrow();
            Measured.print("br_table module: run " + (run.thrown() == null ? "answered" : "failed: " + run.thrown().getMessage())
                    + " after " + run.millis() + " ms; plugin " + info.state() + (info.failure() == null ? "" : ": " + info.failure()));
            if (run.thrown() != null) {
                run.callFailure("run");
                assertThat(info.state()).isEqualTo(PluginState.FAILED);
                assertThat(info.failure()).isNotBlank();
            }
            a.innocentAnswers();
            long ms = Bounded.elapsedMillis(start);
            Measured.print("br_table module: the innocent plugin answered " + ms + " ms after the load began");
            assertThat(ms).isLessThan(total.toMillis());
        }
    }
}
