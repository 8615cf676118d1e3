package io.spirefy.pluginengine.tests;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.Map;
import java.util.TreeMap;

/**
 * Prints, at the end of the run, how many runtime-parameterized tests passed, failed and were
 * skipped on each runtime, so that a CI log shows both halves ran (registered through
 * META-INF/services, which the JUnit Platform launcher reads).
 */
public final class RuntimeTally implements TestExecutionListener {

    private final Map<String, int[]> byRuntime = new TreeMap<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        count(test, 2);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        int slot = switch (result.getStatus()) {
            case SUCCESSFUL -> 0;
            case FAILED -> 1;
            case ABORTED -> 2;
        };
        count(test, slot);
    }

    private void count(TestIdentifier test, int slot) {
        if (!test.isTest()) return;
        String name = test.getDisplayName();
        for (String runtime : new String[]{Runtimes.CHICORY, Runtimes.EXTISM}) {
            if (name.equals(runtime) || name.startsWith(runtime + " ")) {
                synchronized (byRuntime) {
                    byRuntime.computeIfAbsent(runtime, k -> new int[3])[slot]++;
                }
            }
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        synchronized (byRuntime) {
            // Worded so that no CI parser mistakes it for a test runner's own summary line.
            byRuntime.forEach((runtime, n) -> System.out.printf(
                    "[runtime %s] end-to-end tests on this runtime: %d succeeded / %d failed / %d skipped%n",
                    runtime, n[0], n[1], n[2]));
        }
    }
}
