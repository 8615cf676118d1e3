package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginState;

import java.time.Duration;

import static io.spirefy.pluginengine.tests.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the stack of the thread that runs plugin code (issue 12): on libextism every nested
 * CallHook enters wasmtime again on the same native stack, on Chicory wasm frames are Java frames.
 * Run by HostileTest, each in a JVM of its own (ChildJvm).
 */
final class StackAttacks {

    private StackAttacks() {
    }

    /** Three nested CallHooks, each callee deep in wasm, the innermost recursing without end. */
    static void threeNestedCallHooksDeepInWasm(String runtime) {
        nestedDive(runtime, 3);
    }

    /** Two nested CallHooks: the stack runs out inside the host function that serves CallHook. */
    static void overflowInsideAHostCallbackIsNotLost(String runtime) {
        nestedDive(runtime, 2);
    }

    /**
     * {@link #threeNestedCallHooksDeepInWasm} from host threads whose stack the host declared
     * (8 MiB of 16): on extism, where every level has a bound, the nested calls run inline on the
     * host's thread, as deep as the declared stack holds what each level reserves.
     */
    static void threeNestedCallHooksDeepInWasmOnADeclaredHostStack(String runtime) {
        nestedDive(AttackedEngine.onDeclaredStack(runtime, AttackedEngine.LIMITS, 8L << 20), 3);
    }

    /**
     * {@link #threeNestedCallHooksDeepInWasm} from threads of CallerThreads' factory, with no
     * stack declared: the engine knows theirs as it would a declared one.
     */
    static void threeNestedCallHooksDeepInWasmOnEngineCallerThreads(String runtime) {
        nestedDive(AttackedEngine.onCallerThreads(runtime, AttackedEngine.LIMITS), 3);
    }

    private static void nestedDive(String runtime, int levels) {
        nestedDive(new AttackedEngine(runtime, AttackedEngine.LIMITS), levels);
    }

    /**
     * Where the stack runs out depends on how deep each level goes: in the wasm of the innermost
     * callee, in a host callback between levels, or in native code beneath the runtime's own
     * check. So the same dive is made with each level at several shares of the deepest recursion
     * a call survives alone; every one must fail, say "stack", and leave the engine serving.
     */
    private static void nestedDive(AttackedEngine engine, int levels) {
        try (AttackedEngine a = engine.load("hostile-dive").start()) {
            int deepest = RecursionDepth.deepestFrames(a);
            // Every share is tried even after one failed: a later one may be the one that kills the JVM.
            AssertionError first = null;
            for (int percent : new int[] {90, 60, 30, 10}) {
                int depth = deepest * percent / 100;
                String what = levels + " nested CallHooks, each " + depth + " wasm frames deep (" + percent + " %)";
                try {
                    diveOnce(a, levels, depth, what);
                } catch (AssertionError e) {
                    if (first == null) first = e;
                    else first.addSuppressed(e);
                }
            }
            if (first != null) throw first;
            assertThat(text(a.call("test.hostile.dive", "probe", "10").value("a shallow call into the attacker"))).isEqualTo("ok");
            a.heapBackNearStart("native stack overflows " + levels + " CallHooks deep");
        }
    }

    private static void diveOnce(AttackedEngine a, int levels, int depth, String what) {
        Bounded.Outcome<byte[]> dive = a.call("test.hostile.dive", "dive", levels + " " + depth);
        Measured.print(what + ": " + (dive.thrown() == null ? "answered " + text(dive.value()) : dive.thrown().getMessage()));
        // A failure the engine lost comes back as a success: "lost below this level".
        PluginCallException e = dive.callFailure(what);
        assertThat(e.failure()).as(what).isIn(CallFailure.TRAP, CallFailure.PLUGIN_ERROR, CallFailure.CALL_DEPTH);
        assertThat(e.getMessage()).as("what the host is told after " + what).containsIgnoringCase("stack");
        a.innocentAnswers();
    }

    /**
     * The caller recurses until little stack is left, then CallHooks echo, which has no instance:
     * wherever the stack runs out, it is the caller's failure, never echo's. The depth at which
     * instantiating echo needs just more stack than is left is not known ahead, and moves as the
     * JIT shrinks frames, so the caller's depth follows a staircase: deeper after each try that
     * echo answered, a little shallower after each that failed. It so keeps hovering where the
     * stack runs out during the CallHook. Echo is stopped and started before each try, so each
     * try instantiates it afresh.
     */
    static void overflowWhileInstantiatingACalleeSparesTheCallee(String runtime) {
        try (AttackedEngine a = new AttackedEngine(runtime, AttackedEngine.LIMITS).load("hostile-dive")) {
            Bounded.act("engine.start()", AttackedEngine.HUNG, a.engine::start).value("engine.start()");
            int deepest = RecursionDepth.deepestFrames(a);
            int step = Math.max(1, deepest / 400);
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int depth = deepest;
            int attempts = 0;
            int answered = 0;
            int least = Integer.MAX_VALUE;
            int most = 0;
            while (attempts < 600 && System.nanoTime() < until) {
                attempts++;
                Bounded.act("restarting echo", AttackedEngine.HUNG, () -> {
                    a.engine.stop("test.echo");
                    a.engine.start("test.echo");
                }).value("restarting echo");
                Bounded.Outcome<byte[]> reach = a.call("test.hostile.dive", "reach", Integer.toString(depth));
                assertThat(a.state("test.echo")).as("echo after a caller %d frames deep CallHooked it (attempt %d: %s)",
                        depth, attempts, reach.thrown()).isEqualTo(PluginState.STARTED);
                least = Math.min(least, depth);
                most = Math.max(most, depth);
                if (reach.thrown() == null) {
                    assertThat(text(reach.value())).isEqualTo("echo:deep");
                    answered++;
                    depth += 4 * step;
                } else {
                    depth = Math.max(1, depth - step);
                }
            }
            Measured.print(attempts + " callers " + least + " to " + most + " frames deep (probe: " + deepest + "); echo answered " + answered);
            assertThat(answered).as("tries in which echo answered the deep caller").isPositive();
            assertThat(answered).as("tries that ran out of stack").isLessThan(attempts);
            assertThat(text(a.call("test.echo", "echo", "direct").value("a direct call to echo"))).isEqualTo("echo:direct");
        }
    }

    /** Plain recursion without end: the message must say the stack ran out, not only show a backtrace. */
    static void deepRecursionSaysStack(String runtime) {
        try (AttackedEngine a = new AttackedEngine(runtime, AttackedEngine.LIMITS).load("hostile-dive").start()) {
            PluginCallException e = a.failingCall("test.hostile.dive", "deep", "");
            Measured.print("endless recursion: " + e.failure() + " " + e.getMessage());
            assertThat(e.failure()).isEqualTo(CallFailure.TRAP);
            assertThat(e.getMessage()).containsIgnoringCase("stack");
            a.innocentAnswers();
            a.heapBackNearStart("an endless recursion");
        }
    }
}
