package io.spirefy.pluginengine.tests;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A plugin the host did not write cannot take the host down (issue 12, contract section 7, docs/CONTRACT.md): the
 * attacks of that issue, each on both runtimes, each in a JVM of its own capped at -Xmx1g
 * ({@link ChildJvm}), since several of them killed, filled or hung the JVM before the fix. After
 * each attack the same engine must still answer an innocent plugin within its timeout and give
 * its heap back. The attacks themselves are in {@link StackAttacks}, {@link MemoryAttacks},
 * {@link TimeAttacks} and {@link MisbehaviourAttacks}; the guests in engine-tests/src/test/guests/hostile-*.
 */
class HostileTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";

    private static void attack(String attack, String runtime) throws Exception {
        Runtimes.requireAvailable(runtime);
        ChildJvm.run(attack, runtime);
    }

    // ---- stack -----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void nativeStackOverflowThreeCallHooksDeepLeavesTheJvmUp(String runtime) throws Exception {
        attack("StackAttacks#threeNestedCallHooksDeepInWasm", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void nativeStackOverflowThreeCallHooksDeepOnADeclaredHostStackLeavesTheJvmUp(String runtime) throws Exception {
        attack("StackAttacks#threeNestedCallHooksDeepInWasmOnADeclaredHostStack", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void nativeStackOverflowThreeCallHooksDeepOnEngineCallerThreadsLeavesTheJvmUp(String runtime) throws Exception {
        attack("StackAttacks#threeNestedCallHooksDeepInWasmOnEngineCallerThreads", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void stackOverflowInsideAHostCallbackIsNotLost(String runtime) throws Exception {
        attack("StackAttacks#overflowInsideAHostCallbackIsNotLost", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void stackOverflowWhileInstantiatingACalleeLeavesTheCalleeStarted(String runtime) throws Exception {
        attack("StackAttacks#overflowWhileInstantiatingACalleeSparesTheCallee", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void deepRecursionIsReportedAsStackExhausted(String runtime) throws Exception {
        attack("StackAttacks#deepRecursionSaysStack", runtime);
    }

    // ---- heap ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void kernelAllocsPastTheLimitFailTheCall(String runtime) throws Exception {
        attack("MemoryAttacks#kernelAllocLoop", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void outputOfAGibibyteFailsTheCall(String runtime) throws Exception {
        attack("MemoryAttacks#outputOfAGibibyte", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void readsOfAnAssetLargerThanTheLimitAreRefused(String runtime) throws Exception {
        attack("MemoryAttacks#repeatedReadsOfAHugeAsset", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void largePayloadThroughNestedCallHooksFailsCleanly(String runtime) throws Exception {
        attack("MemoryAttacks#largePayloadThroughNestedCallHooks", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void eightLargeArchivesDoNotExhaustTheHeap(String runtime) throws Exception {
        attack("MemoryAttacks#eightArchivesOfAQuarterGibibyteEach", runtime);
    }

    // ---- time ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void endlessInitializeFailsTheFirstCallInTime(String runtime) throws Exception {
        attack("TimeAttacks#endlessInitialize", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void endlessStartSectionFailsTheFirstCallInTime(String runtime) throws Exception {
        attack("TimeAttacks#endlessStartSection", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void endlessInitializeWithLoadOnStartDoesNotBlockEngineStart(String runtime) throws Exception {
        attack("TimeAttacks#endlessInitializeWithLoadOnStart", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void endlessStartSectionWithLoadOnStartDoesNotBlockEngineStart(String runtime) throws Exception {
        attack("TimeAttacks#endlessStartSectionWithLoadOnStart", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void callHookLoopEndsAtTheCallTreeDeadline(String runtime) throws Exception {
        attack("TimeAttacks#callHookLoopIntoASpinningHook", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void callHookLoopInStartDoesNotHangEngineStart(String runtime) throws Exception {
        attack("TimeAttacks#callHookLoopInStart", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void callHookLoopInStopDoesNotHangStopOrClose(String runtime) throws Exception {
        attack("TimeAttacks#callHookLoopInStop", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void wasiSleepOfAnHourEndsByTheTimeout(String runtime) throws Exception {
        attack("TimeAttacks#wasiSleepOfAnHour", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void branchTableOfAMillionTargetsDoesNotStallTheEngine(String runtime) throws Exception {
        attack("TimeAttacks#branchTableOfAMillionTargets", runtime);
    }

    // ---- errors and identity ---------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void failureWithoutAMessageSaysSo(String runtime) throws Exception {
        attack("MisbehaviourAttacks#failureWithoutAMessage", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void httpRequestSaysNotAllowed(String runtime) throws Exception {
        attack("MisbehaviourAttacks#httpRequestIsNotAllowed", runtime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void anotherPluginCannotTakeOverAnAnchorByAHigherVersion(String runtime) throws Exception {
        attack("MisbehaviourAttacks#anchorDeclaredByAnotherPluginAtAHigherVersion", runtime);
    }
}
