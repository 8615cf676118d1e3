package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.CallerThreads;
import io.spirefy.pluginengine.api.EngineLimits;
import io.spirefy.pluginengine.api.PermissionPolicy;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.plugin.Permission;
import io.spirefy.pluginengine.api.spi.HostFunction;
import io.spirefy.pluginengine.api.spi.ValueType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where nested calls run (issue 20): inline, on the caller's stack, only where the engine knows the
 * stack left holds them (an engine worker, under callers whose runtime bounds the stack one entry
 * can take; a declared stack; any platform thread whose stack left is measured, see StackProbe);
 * on a fresh stack otherwise (issue 12). The hook test.where calls the application's
 * app_lookup, which looks at its own stack: under an inline call the engine frame that serves the
 * caller's CallHook is on it; on a fresh stack it is not.
 */
class NestedCallStacksTest {

    private static final String RUNTIMES = "io.spirefy.pluginengine.tests.Runtimes#names";
    /**
     * Whether the engine measures the stack left on plain threads here: through JNA on JDK 17-21
     * (the extism runtime brings it to this class path), through the foreign-function API on JDK
     * 22+ with native access granted; the build's run with {@code -Dpluginengine.stackProbe=false}
     * says {@code pluginengine.tests.stackProbe=unmeasured}, and the engine then knows only its
     * workers, declared stacks and caller threads.
     */
    private static final boolean STACK_MEASURED = !"unmeasured".equals(System.getProperty("pluginengine.tests.stackProbe"));

    /** Per call of test.where: its thread, and whether the CallHook that called it is on the same stack. */
    private record Seen(String thread, boolean inline) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void anAnchorThatCannotRecurseCallsItsHooksInlineOnAWorkerOnceItIsKnownToNest(String runtime) throws InterruptedException {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        try (EngineHarness h = harness(runtime, seen, "anchor-host", "hook-where")) {
            onThread("host-plain", 16L << 20, () -> {
                decorateThreeTimes(h);
            });
        }
        assertThat(seen).hasSize(3);
        if (STACK_MEASURED) {
            // What the host's thread has left is measured: it holds the anchor and its hooks, from the first call.
            assertAllInlineOn(seen, "host-plain");
            return;
        }
        // The first call finds out that decorate nests: it runs on the host's thread, its hook on a fresh stack.
        assertThat(seen.get(0).inline()).as("the first call's hook inline").isFalse();
        assertThat(seen.subList(1, 3)).as("the later calls' hooks").allSatisfy(s -> {
            assertThat(s.inline()).isTrue();
            assertThat(s.thread()).startsWith("pluginengine-call-");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aCallerThatMayRecurseHandsEveryNestedCallToAFreshStackOnChicoryNotOnExtism(String runtime) throws InterruptedException {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        try (EngineHarness h = harness(runtime, seen, "where-deep", "hook-where")) {
            onThread("host-plain", 16L << 20, () -> {
                for (int i = 0; i < 3; i++) assertThat(h.call("test.where.deep", "reach", "200")).isEqualTo("deep");
            });
        }
        assertThat(seen).hasSize(3);
        if (STACK_MEASURED) {
            // How deep reach went no longer matters: what it left is measured at each CallHook.
            assertAllInlineOn(seen, "host-plain");
            return;
        }
        assertThat(seen.get(0).inline()).isFalse();
        if (runtime.equals("chicory")) {
            // Chicory bounds no recursion: how much stack reach left is unknown, every time.
            assertThat(seen).allSatisfy(s -> assertThat(s.inline()).isFalse());
        } else {
            // wasmtime gives each entry its own allowance, however deep the caller went before.
            assertThat(seen.subList(1, 3)).allSatisfy(s -> assertThat(s.inline()).isTrue());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aHostThatDeclaresItsStackRunsTheAnchorAndItsHooksOnItsOwnThread(String runtime) throws InterruptedException {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        try (EngineHarness h = harness(runtime, seen, b -> b.hostStackBytes(8L << 20), "anchor-host", "hook-where")) {
            onThread("host-16m", 16L << 20, () -> {
                decorateThreeTimes(h);
            });
        }
        // No hand-off at all, the first call's included: nothing needs to be found out first.
        assertThat(seen).hasSize(3);
        assertAllInlineOn(seen, "host-16m");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aDeclaredStackTooSmallForTheAnchorsLevelStillHandsItsHooksToAFreshStack(String runtime) throws InterruptedException {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        // 768 KiB declared: 256 KiB once the engine's own share is kept, less than any level reserves.
        try (EngineHarness h = harness(runtime, seen, b -> b.hostStackBytes(768L << 10), "anchor-host", "hook-where")) {
            onThread("host-small", 16L << 20, () -> {
                decorateThreeTimes(h);
            });
        }
        assertThat(seen).hasSize(3).allSatisfy(s -> {
            if (STACK_MEASURED) {
                // The 16 MiB measured below the anchor hold its hooks, whatever the host declared.
                assertThat(s.inline()).isTrue();
                assertThat(s.thread()).isEqualTo("host-small");
            } else {
                assertThat(s.inline()).isFalse();
                assertThat(s.thread()).startsWith("pluginengine-call-");
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aThreadWithTooLittleStackLeftForTheAnchorsLevelHandsTheAnchorToAWorker(String runtime) throws InterruptedException {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        try (EngineHarness h = harness(runtime, seen, "anchor-host", "hook-where")) {
            // The engine learns on a large stack that decorate nests; then the thread calls it with
            // less than 600 KiB left, less than the 512 KiB every thread keeps plus any level's reservation.
            onThread("host-plain", 16L << 20, () -> {
                assertThat(h.call("test.anchor", "decorate", "bob")).isEqualTo("bob");
                seen.clear();
                StackLeft.lessThan(600L << 10, () -> {
                    decorateThreeTimes(h);
                });
            });
        }
        assertThat(seen).hasSize(3).allSatisfy(s -> {
            assertThat(s.inline()).isTrue();
            assertThat(s.thread()).startsWith("pluginengine-call-");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(RUNTIMES)
    void aCallerThreadRunsTheAnchorAndItsHooksOnItself(String runtime) throws InterruptedException {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        // No stack declared for the host's threads: only the factory's thread is known.
        try (EngineHarness h = harness(runtime, seen, "anchor-host", "hook-where")) {
            Thread caller = CallerThreads.factory().newThread(() -> {
                decorateThreeTimes(h);
            });
            String name = caller.getName();
            join(caller);
            assertThat(seen).hasSize(3);
            assertAllInlineOn(seen, name);
            seen.clear();
            // The same engine, from a plain thread with too little stack left, if it is measured: handed to a worker as before.
            onThread("host-plain", 16L << 20, () -> StackLeft.lessThan(600L << 10,
                    () -> assertThat(h.call("test.anchor", "decorate", "bob")).isEqualTo("bob")));
            assertThat(seen).singleElement().satisfies(s -> assertThat(s.thread()).startsWith("pluginengine-call-"));
        }
    }

    /** Calls test.anchor's decorate three times, each answering its input. */
    private static void decorateThreeTimes(EngineHarness h) {
        for (int i = 0; i < 3; i++) assertThat(h.call("test.anchor", "decorate", "bob")).isEqualTo("bob");
    }

    /** Every hook call seen ran inline, under its caller's CallHook, on thread {@code thread}. */
    private static void assertAllInlineOn(List<Seen> seen, String thread) {
        assertThat(seen).allSatisfy(s -> {
            assertThat(s.inline()).isTrue();
            assertThat(s.thread()).isEqualTo(thread);
        });
    }

    /** Runs {@code body} on a thread of its own with {@code stackBytes} of stack, and rethrows what it threw. */
    private static void onThread(String name, long stackBytes, Runnable body) throws InterruptedException {
        join(new Thread(null, body, name, stackBytes));
    }

    /** Starts {@code t}, waits for it, and rethrows what it threw. */
    private static void join(Thread t) throws InterruptedException {
        Throwable[] failure = new Throwable[1];
        t.setUncaughtExceptionHandler((thread, e) -> failure[0] = e);
        t.start();
        t.join();
        if (failure[0] instanceof Error e) throw e;
        if (failure[0] instanceof RuntimeException e) throw e;
    }

    private static EngineHarness harness(String runtime, List<Seen> seen, String... guests) {
        return harness(runtime, seen, b -> { }, guests);
    }

    private static EngineHarness harness(String runtime, List<Seen> seen, Consumer<PluginEngine.Builder> more, String... guests) {
        HostFunction lookup = new HostFunction(HostFunction.USER_NAMESPACE, "app_lookup", List.of(ValueType.I64), List.of(ValueType.I64),
                (ctx, args) -> {
                    boolean inline = StackWalker.getInstance().walk(frames -> frames.anyMatch(f ->
                            f.getClassName().equals("io.spirefy.pluginengine.core.engine.HostFunctions") && f.getMethodName().equals("callHook")));
                    seen.add(new Seen(Thread.currentThread().getName(), inline));
                    return new long[]{0};
                });
        return new EngineHarness(runtime, EngineLimits.DEFAULTS, b -> more.accept(b.hostFunction(lookup)
                .permissions(PermissionPolicy.grant("test.where", Permission.hostFunction(HostFunction.USER_NAMESPACE, "app_lookup")))),
                guests);
    }
}
