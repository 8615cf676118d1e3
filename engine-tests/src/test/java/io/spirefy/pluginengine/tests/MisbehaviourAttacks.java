package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.PluginState;
import io.spirefy.pluginengine.api.Problem;

import java.util.ArrayList;
import java.util.List;

import static io.spirefy.pluginengine.tests.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Failures the host must be told about in words (issue 12), and a plugin posing as another's anchor. */
final class MisbehaviourAttacks {

    private MisbehaviourAttacks() {
    }

    static void failureWithoutAMessage(String runtime) {
        try (AttackedEngine a = new AttackedEngine(runtime, AttackedEngine.LIMITS).load("hostile-errors").start()) {
            PluginCallException e = a.failingCall("test.hostile.errors", "silent", "");
            Measured.print("return 1 without error_set: " + e.failure() + " " + e.getMessage());
            // chicory-sdk 0.3.0 drops an export's return code before we see it: there the message
            // cannot name it (docs/SECURITY.md, accepted risks).
            String returned = runtime.equals(Runtimes.EXTISM) ? "returned 1" : "returned non-zero";
            assertThat(e.failure()).isEqualTo(CallFailure.PLUGIN_ERROR);
            assertThat(e.getMessage()).contains("test.hostile.errors@1.0.0").contains("silent")
                    .contains(returned + " without an error message");
            a.innocentAnswers();
        }
    }

    /**
     * No plugin is granted network access: a module importing the kernel's http_request does not
     * resolve, on every runtime, and the reason names the import and says why (contract section 9).
     */
    static void httpRequestIsNotAllowed(String runtime) {
        try (AttackedEngine a = new AttackedEngine(runtime, AttackedEngine.LIMITS).load("hostile-http").start()) {
            PluginInfo info = a.engine.plugin("test.hostile.http").orElseThrow();
            Measured.print("http_request: " + info.state() + " " + info.failure());
            assertThat(info.state()).isEqualTo(PluginState.LOADED);
            assertThat(info.failure()).contains("extism:host/env/http_request").contains("network access is not granted");
            a.innocentAnswers();
        }
    }

    /**
     * test.hostile.squatter declares test.echo's anchor at 1.0.9 (echo's hook targets 1.0.x and
     * would follow the highest patch) and spirefy-compat's at 2.0.0 (its hook names no version and
     * would follow the highest). Anchor ids are owned by one plugin id (contract section 3, docs/CONTRACT.md): each is a
     * conflict naming both plugins, and the owners' hooks stay on their owners' anchors.
     */
    static void anchorDeclaredByAnotherPluginAtAHigherVersion(String runtime) {
        try (AttackedEngine a = new AttackedEngine(runtime, AttackedEngine.LIMITS).load("compat-go").start()) {
            LoadResult squat = a.load("hostile-squatter.tar.gz", AttackedEngine.guestBytes("hostile-squatter"));
            List<Problem> problems = new ArrayList<>(squat.problems());
            problems.addAll(a.reporter.problems);
            Measured.print("anchor squatting: loaded " + squat.loaded() + ", problems " + problems);
            stillOwned(a, problems, "test.echo.anchor", "test.echo", "test.echo@1.0.0/echo", "echo:");
            stillOwned(a, problems, "compat.anchor", "spirefy-compat", "spirefy-compat@1.0.0/compat-hook", "compat:");
            a.innocentAnswers();
        }
    }

    private static void stillOwned(AttackedEngine a, List<Problem> problems, String anchor, String owner, String hookRef, String answerPrefix) {
        assertThat(problems).as("problems reported about %s", anchor).anySatisfy(p ->
                assertThat(p.toString()).contains(anchor).contains(owner + "@").contains("test.hostile.squatter"));
        HookInfo hook = a.engine.hooks().stream().filter(h -> h.ref().equals(hookRef)).findFirst().orElseThrow();
        assertThat(hook.resolution().targetPlugin()).as("the plugin whose anchor %s resolved to", hookRef).isEqualTo(owner + "@1.0.0");
        assertThat(hook.resolution().targetVersion()).hasToString("1.0.0");
        byte[] answer = Bounded.run("CallHook " + hookRef, AttackedEngine.HUNG, () -> a.engine.callHook(hookRef, EngineHarness.bytes("hook")))
                .value("CallHook " + hookRef);
        assertThat(text(answer)).isEqualTo(answerPrefix + "hook");
    }
}
