package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.CallerThreads;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginState;
import io.spirefy.pluginengine.core.PluginEngines;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

import static io.spirefy.pluginengine.tests.EngineHarness.bytes;
import static io.spirefy.pluginengine.tests.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One engine under attack, with the innocent plugins every attack is checked against: echo (must
 * keep answering) and hook-loop (its timeout must keep firing). Every operation is bounded
 * ({@link Bounded}), so an engine the attack hung fails the test instead of hanging it.
 */
final class AttackedEngine implements AutoCloseable {

    /** Short, so that each attack that ends by a timeout ends quickly. */
    static final Duration CALL_TIMEOUT = Duration.ofMillis(300);
    static final EngineLimits LIMITS = EngineLimits.DEFAULTS.withCallTimeout(CALL_TIMEOUT);
    /** The scheduling slack the contract allows past a timeout ("within its timeout + 1 s"). */
    static final Duration TICK = Duration.ofSeconds(1);
    /** Longer than anything here may legitimately take: reaching it means the engine hung. */
    static final Duration HUNG = Duration.ofSeconds(10);
    /** Past the bound an assertion checks, how long to wait before calling an operation hung. */
    static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);

    final String runtime;
    final EngineLimits limits;
    final PluginEngine engine;
    final RecordingReporter reporter = new RecordingReporter();
    private HeapGauge heap;

    AttackedEngine(String runtime, EngineLimits limits) {
        this(runtime, limits, b -> { });
    }

    /**
     * An engine told that the threads calling it have {@code declaredBytes} of stack free
     * (PluginEngine.Builder#hostStackBytes), whose calls run on threads of twice that.
     */
    static AttackedEngine onDeclaredStack(String runtime, EngineLimits limits, long declaredBytes) {
        AttackedEngine a = new AttackedEngine(runtime, limits, b -> b.hostStackBytes(declaredBytes));
        a.callerStackBytes = 2 * declaredBytes;
        return a;
    }

    /**
     * An engine told nothing of its callers' stacks, whose calls run on threads of
     * {@link CallerThreads#factory()}.
     */
    static AttackedEngine onCallerThreads(String runtime, EngineLimits limits) {
        AttackedEngine a = new AttackedEngine(runtime, limits);
        a.callerThreads = CallerThreads.factory();
        return a;
    }

    /** The stack of the threads {@link #call} runs on; 0, the JVM's default. */
    private long callerStackBytes;
    /** Where {@link #call} gets its threads, or null for threads of {@link #callerStackBytes}. */
    private ThreadFactory callerThreads;

    AttackedEngine(String runtime, EngineLimits limits, Consumer<PluginEngine.Builder> setup) {
        Runtimes.requireAvailable(runtime);
        this.runtime = runtime;
        this.limits = limits;
        PluginEngine.Builder builder = PluginEngines.builder().runtime(runtime).limits(limits).reporter(reporter);
        setup.accept(builder);
        engine = builder.build();
        load("echo");
        load("hook-loop");
    }

    /** Loads one of the guests scripts/build-guests made; it must load without problems. */
    AttackedEngine load(String guest) {
        LoadResult result = Bounded.run("loading " + guest, HUNG, () -> engine.load(TestPlugins.archive(guest))).value("loading " + guest);
        assertThat(result.problems()).as("problems loading %s", guest).isEmpty();
        assertThat(result.loaded()).as("plugins loaded from %s", guest).hasSize(1);
        return this;
    }

    /** Loads an archive made by the test; what the engine thought of it is returned, not judged. */
    LoadResult load(String sourceName, byte[] archive) {
        return Bounded.run("loading " + sourceName, HUNG, () -> engine.load(sourceName, archive)).value("loading " + sourceName);
    }

    /** Starts the engine (bounded) and warms echo; the heap's starting point is taken after that. */
    AttackedEngine start() {
        Bounded.act("engine.start()", HUNG, engine::start).value("engine.start()");
        return markBaseline();
    }

    /** Warms echo and takes the heap's starting point now. */
    AttackedEngine markBaseline() {
        innocentAnswers();
        heap = HeapGauge.start();
        return this;
    }

    /** Calls an export, bounded by {@link #HUNG}. */
    Bounded.Outcome<byte[]> call(String plugin, String function, String input) {
        return call(plugin, function, input, HUNG);
    }

    Bounded.Outcome<byte[]> call(String plugin, String function, String input, Duration bound) {
        String what = plugin + " " + function + "(" + (input.length() > 40 ? input.substring(0, 40) + "..." : input) + ")";
        if (callerThreads != null) return Bounded.run(what, bound, callerThreads, () -> engine.call(plugin, function, bytes(input)));
        return Bounded.run(what, bound, callerStackBytes, () -> engine.call(plugin, function, bytes(input)));
    }

    /** The call must fail as a call; returns how. */
    PluginCallException failingCall(String plugin, String function, String input) {
        return call(plugin, function, input).callFailure(plugin + " " + function);
    }

    PluginState state(String plugin) {
        return engine.plugin(plugin).orElseThrow(() -> new AssertionError(plugin + " is not loaded")).state();
    }

    // ---- what must hold after every attack ----------------------------------------------------

    /** Echo answers correctly, within its call timeout plus scheduling slack. */
    void innocentAnswers() {
        Bounded.Outcome<byte[]> echo = call("test.echo", "echo", "still here", HUNG);
        assertThat(text(echo.value("the innocent plugin's call"))).isEqualTo("echo:still here");
        assertThat(echo.millis()).as("ms the innocent plugin took to answer").isLessThan(limits.callTimeout().plus(TICK).toMillis());
    }

    /** A plugin that spins is still stopped by its timeout: the engine's clock survived the attack. */
    void timeoutStillFires() {
        Bounded.Outcome<byte[]> loop = call("test.loop", "loop", "", HUNG);
        assertThat(loop.callFailure("the spinning plugin's call").failure()).isEqualTo(CallFailure.TIMEOUT);
        assertThat(loop.millis()).as("ms until the spinning plugin was stopped").isLessThan(limits.callTimeout().plus(TICK).toMillis());
    }

    /** Heap after collections is back near where it was before the attack. */
    void heapBackNearStart(String after) {
        if (heap == null) throw new IllegalStateException("no baseline: call start() or markBaseline() before the attack");
        heap.assertBackNearStart(after);
    }

    /** Everything above: what each memory attack ends with. */
    void recovered(String after) {
        innocentAnswers();
        timeoutStillFires();
        heapBackNearStart(after);
    }

    /** Closes the engine; a close that hangs fails the test (unless it already failed). */
    @Override
    public void close() {
        Bounded.act("engine.close()", CLOSE_BOUND, engine::close).value("engine.close()");
    }

    /** An archive whose bytes the test holds, as {@code engine.load(name, bytes)} wants them. */
    static byte[] guestBytes(String guest) {
        try {
            return Files.readAllBytes(TestPlugins.archive(guest));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
