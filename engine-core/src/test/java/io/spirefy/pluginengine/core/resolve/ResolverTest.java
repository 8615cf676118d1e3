package io.spirefy.pluginengine.core.resolve;

import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.ListenerInfo;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Dependency;
import io.spirefy.pluginengine.api.plugin.Event;
import io.spirefy.pluginengine.api.plugin.Hook;
import io.spirefy.pluginengine.api.plugin.Listener;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.plugin.Version;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ResolverTest {

    private long seq;

    private static Version v(String s) { return Version.parse(s); }

    private static PluginDescriptor plugin(String id, String version, List<Dependency> deps, List<Anchor> anchors,
                                           List<Hook> hooks, List<Event> events, List<Listener> listeners) {
        return new PluginDescriptor(id, null, v(version), null, null, null, false, deps, anchors, hooks, events, listeners);
    }

    private static PluginDescriptor anchorPlugin(String id, String version, String anchorId, String anchorVersion) {
        return plugin(id, version, List.of(), List.of(Anchor.of(anchorId, anchorVersion == null ? null : v(anchorVersion))),
                List.of(), List.of(), List.of());
    }

    private static PluginDescriptor hookPlugin(String id, String version, String anchorId, String anchorVersion, int order, String... hookIds) {
        List<Hook> hooks = new ArrayList<>();
        for (String h : hookIds) hooks.add(Hook.of(h, anchorId, anchorVersion == null ? null : v(anchorVersion), h, order));
        return plugin(id, version, List.of(), List.of(), hooks, List.of(), List.of());
    }

    private Candidate c(PluginDescriptor d) {
        return new Candidate(d, seq++, null);
    }

    private static HookInfo hook(Snapshot s, String ref) {
        return s.hooks().stream().filter(h -> h.ref().equals(ref)).findFirst().orElseThrow();
    }

    private static List<String> refs(List<HookInfo> hooks) {
        return hooks.stream().map(HookInfo::ref).toList();
    }

    @Test
    void hookResolvesToSameMinorAnyPatchTakingTheHighestPatch() {
        Snapshot s = Resolver.resolve(List.of(
                c(anchorPlugin("org.example.core", "1.0.0", "greeting.decorators", "1.2.0")),
                c(anchorPlugin("org.example.core", "1.0.5", "greeting.decorators", "1.2.7")),
                c(anchorPlugin("org.example.core", "1.1.0", "greeting.decorators", "1.3.0")),
                c(hookPlugin("org.example.shout", "1.0.0", "greeting.decorators", "1.2.3", 0, "exclaim"))));

        HookInfo h = hook(s, "org.example.shout@1.0.0/exclaim");
        assertThat(h.resolved()).isTrue();
        assertThat(h.resolution().targetVersion()).isEqualTo(v("1.2.7"));
        assertThat(h.resolution().targetPlugin()).isEqualTo("org.example.core@1.0.5");
        assertThat(refs(s.hooksOf(s.anchor("greeting.decorators", v("1.2.7")).orElseThrow())))
                .containsExactly("org.example.shout@1.0.0/exclaim");
        assertThat(s.hooksOf(s.anchor("greeting.decorators", v("1.2.0")).orElseThrow())).isEmpty();
    }

    @Test
    void differentMinorStaysUnresolvedWithItsReasonInTheContractsWords() {
        Snapshot s = Resolver.resolve(List.of(
                c(anchorPlugin("org.example.core", "1.3.0", "greeting.decorators", "1.3.0")),
                c(anchorPlugin("org.example.core", "2.0.1", "greeting.decorators", "2.0.1")),
                c(hookPlugin("org.example.shout", "1.0.0", "greeting.decorators", "1.2.0", 0, "exclaim"))));

        HookInfo h = hook(s, "org.example.shout@1.0.0/exclaim");
        assertThat(h.resolved()).isFalse();
        assertThat(h.resolution().reason()).isEqualTo(
                "hook org.example.shout@1.0.0/exclaim: anchor greeting.decorators is loaded only as 1.3.0, 2.0.1; the hook targets 1.2.x");
    }

    @Test
    void differentMajorWithSameMinorDoesNotResolve() {
        Snapshot s = Resolver.resolve(List.of(
                c(anchorPlugin("a", "2.2.0", "x", "2.2.0")),
                c(hookPlugin("b", "1.0.0", "x", "1.2.0", 0, "h"))));
        assertThat(hook(s, "b@1.0.0/h").resolved()).isFalse();
    }

    @Test
    void reversedLoadOrderGivesTheSameResolutionAndOrder() {
        List<PluginDescriptor> plugins = List.of(
                anchorPlugin("core", "1.0.0", "x", "1.2.0"),
                anchorPlugin("core", "1.0.1", "x", "1.2.4"),
                hookPlugin("p1", "1.0.0", "x", "1.2.0", 5, "h1", "h2"),
                hookPlugin("p2", "1.0.0", "x", null, 0, "h"),
                hookPlugin("p3", "1.0.0", "x", "1.3.0", 0, "h"));
        List<Candidate> forward = new ArrayList<>();
        plugins.forEach(p -> forward.add(c(p)));
        List<PluginDescriptor> reversed = new ArrayList<>(plugins);
        Collections.reverse(reversed);
        List<Candidate> backward = new ArrayList<>();
        reversed.forEach(p -> backward.add(c(p)));

        Snapshot a = Resolver.resolve(forward);
        Snapshot b = Resolver.resolve(backward);
        assertThat(a.hooks()).isEqualTo(b.hooks());
        TargetKey key = a.anchor("x", v("1.2.4")).orElseThrow();
        assertThat(refs(a.hooksOf(key))).isEqualTo(refs(b.hooksOf(key)))
                .containsExactly("p2@1.0.0/h", "p1@1.0.0/h1", "p1@1.0.0/h2");
    }

    @Test
    void orderIsByOrderThenPluginIdThenPluginVersionThenDeclarationOrder() {
        Snapshot s = Resolver.resolve(List.of(
                c(anchorPlugin("anchor", "1.0.0", "x", "1.0.0")),
                c(hookPlugin("zeta", "1.0.0", "x", "1.0.0", 10, "z")),
                c(hookPlugin("alpha", "2.0.0", "x", "1.0.0", 10, "second", "first")),
                // Different hook ids: the same id in two versions would be an upgrade, not two hooks.
                c(hookPlugin("alpha", "1.10.0", "x", "1.0.0", 10, "b")),
                c(hookPlugin("alpha", "1.9.0", "x", "1.0.0", 10, "a")),
                c(hookPlugin("late", "1.0.0", "x", "1.0.0", -1, "early"))));
        TargetKey key = s.anchor("x", v("1.0.0")).orElseThrow();
        assertThat(refs(s.hooksOf(key))).containsExactly(
                "late@1.0.0/early",
                "alpha@1.9.0/a", "alpha@1.10.0/b",
                "alpha@2.0.0/second", "alpha@2.0.0/first",
                "zeta@1.0.0/z");
    }

    @Test
    void aNewerVersionsHookSupersedesTheSameHookOfOlderVersions() {
        Snapshot s = Resolver.resolve(List.of(
                c(anchorPlugin("anchor", "1.0.0", "x", "1.0.0")),
                c(hookPlugin("p", "1.0.0", "x", "1.0.0", 0, "h")),
                c(hookPlugin("p", "2.0.0", "x", "1.0.0", 0, "h", "extra")),
                c(hookPlugin("p", "1.5.0", "x", "1.0.0", 0, "h"))));
        assertThat(refs(s.hooksOf(s.anchor("x", v("1.0.0")).orElseThrow())))
                .containsExactly("p@2.0.0/h", "p@2.0.0/extra");
        assertThat(hook(s, "p@1.0.0/h").resolution().reason()).isEqualTo("hook p@1.0.0/h: superseded by p@2.0.0/h");
        assertThat(hook(s, "p@1.5.0/h").resolution().reason()).isEqualTo("hook p@1.5.0/h: superseded by p@2.0.0/h");
    }

    @Test
    void aNewerVersionThatCannotResolveLeavesTheOlderHookServing() {
        Snapshot s = Resolver.resolve(List.of(
                c(anchorPlugin("anchor", "1.0.0", "x", "1.0.0")),
                c(hookPlugin("p", "1.0.0", "x", "1.0.0", 0, "h")),
                new Candidate(hookPlugin("p", "2.0.0", "x", "1.0.0", 0, "h"), seq++, "failed: start refused")));
        assertThat(refs(s.hooksOf(s.anchor("x", v("1.0.0")).orElseThrow()))).containsExactly("p@1.0.0/h");
        assertThat(hook(s, "p@2.0.0/h").resolution().reason()).contains("is not active");
    }

    @Test
    void versionsWhoseHooksTargetDifferentAnchorVersionsBothResolve() {
        Snapshot s = Resolver.resolve(List.of(
                c(anchorPlugin("anchor", "1.0.0", "x", "1.0.0")),
                c(anchorPlugin("anchor", "2.0.0", "x", "2.0.0")),
                c(hookPlugin("p", "1.0.0", "x", "1.0.0", 0, "h")),
                c(hookPlugin("p", "2.0.0", "x", "2.0.0", 0, "h"))));
        assertThat(hook(s, "p@1.0.0/h").resolved()).isTrue();
        assertThat(hook(s, "p@2.0.0/h").resolved()).isTrue();
    }

    @Test
    void aNewerVersionsListenerSupersedesTheOlder() {
        PluginDescriptor event = plugin("ev", "1.0.0", List.of(), List.of(), List.of(),
                List.of(Event.of("e", v("1.0.0"))), List.of());
        Snapshot s = Resolver.resolve(List.of(c(event),
                c(plugin("l", "1.0.0", List.of(), List.of(), List.of(), List.of(), List.of(new Listener("on", "e", v("1.0.0"), "on", 0)))),
                c(plugin("l", "1.1.0", List.of(), List.of(), List.of(), List.of(), List.of(new Listener("on", "e", v("1.0.0"), "on", 0))))));
        assertThat(s.listenersOf(s.eventFor("e", null).orElseThrow())).extracting(ListenerInfo::ref).containsExactly("l@1.1.0/on");
        assertThat(s.listeners().stream().filter(l -> l.ref().equals("l@1.0.0/on")).findFirst().orElseThrow()
                .resolution().reason()).isEqualTo("listener l@1.0.0/on: superseded by l@1.1.0/on");
    }

    @Test
    void hookWithoutAnchorVersionTakesTheHighestAllowedByItsDependencyOnTheAnchorsPlugin() {
        PluginDescriptor hookP = plugin("shout", "1.0.0", List.of(new Dependency("core", v("1.0.0"), v("2.0.0"))),
                List.of(), List.of(Hook.of("h", "x", null, "h", 0)), List.of(), List.of());
        Snapshot s = Resolver.resolve(List.of(
                c(anchorPlugin("core", "1.4.0", "x", null)),
                c(anchorPlugin("core", "2.1.0", "x", null)),
                c(hookP)));
        HookInfo h = hook(s, "shout@1.0.0/h");
        assertThat(h.resolution().targetVersion()).isEqualTo(v("1.4.0"));
        assertThat(h.resolution().targetPlugin()).isEqualTo("core@1.4.0");

        Snapshot noDep = Resolver.resolve(List.of(
                c(anchorPlugin("core", "1.4.0", "x", null)),
                c(anchorPlugin("core", "2.1.0", "x", null)),
                c(hookPlugin("shout", "1.0.0", "x", null, 0, "h"))));
        assertThat(hook(noDep, "shout@1.0.0/h").resolution().targetVersion()).isEqualTo(v("2.1.0"));
    }

    @Test
    void hookDependencyBoundsThatExcludeEveryAnchorVersionAreExplained() {
        Hook h = new Hook("h", "x", null, "h", 0, null, null, null, List.of(new Dependency("core", v("3.0.0"), null)));
        Snapshot s = Resolver.resolve(List.of(
                c(anchorPlugin("core", "2.1.0", "x", null)),
                c(plugin("shout", "1.0.0", List.of(), List.of(), List.of(h), List.of(), List.of()))));
        assertThat(hook(s, "shout@1.0.0/h").resolution().reason())
                .isEqualTo("hook shout@1.0.0/h: anchor x is loaded as 2.1.0 (by core@2.1.0), but the dependency on core requires >=3.0.0");
    }

    @Test
    void preReleasesMatchOnlyExactly() {
        Snapshot s = Resolver.resolve(List.of(
                c(anchorPlugin("core", "2.0.0-rc.1", "x", null)),
                c(hookPlugin("exact", "1.0.0", "x", "2.0.0-rc.1", 0, "h")),
                c(hookPlugin("line", "1.0.0", "x", "2.0.0", 0, "h")),
                c(hookPlugin("other", "1.0.0", "x", "2.0.0-rc.2", 0, "h")),
                c(hookPlugin("any", "1.0.0", "x", null, 0, "h"))));
        assertThat(hook(s, "exact@1.0.0/h").resolution().targetVersion()).isEqualTo(v("2.0.0-rc.1"));
        assertThat(hook(s, "line@1.0.0/h").resolution().reason())
                .isEqualTo("hook line@1.0.0/h: anchor x is loaded only as 2.0.0-rc.1; the hook targets 2.0.x");
        assertThat(hook(s, "other@1.0.0/h").resolution().reason()).endsWith("the hook targets exactly 2.0.0-rc.2");
        assertThat(hook(s, "any@1.0.0/h").resolved()).isFalse();
        assertThat(hook(s, "any@1.0.0/h").resolution().reason()).contains("pre-release matches only a hook naming that exact version");
    }

    @Test
    void missingOrOutOfRangeDependencyKeepsThePluginAndItsItemsInactive() {
        PluginDescriptor needsCore = plugin("ext", "1.0.0", List.of(new Dependency("core", v("1.0.0"), v("2.0.0"))),
                List.of(Anchor.of("ext.anchor", null)), List.of(Hook.of("h", "x", null, "h", 0)), List.of(), List.of());
        Snapshot missing = Resolver.resolve(List.of(c(anchorPlugin("other", "1.0.0", "x", null)), c(needsCore),
                c(hookPlugin("user", "1.0.0", "ext.anchor", null, 0, "u"))));
        assertThat(missing.inactiveReason("ext@1.0.0")).contains("dependency core >=1.0.0 <2.0.0 is missing");
        assertThat(hook(missing, "ext@1.0.0/h").resolution().reason())
                .isEqualTo("hook ext@1.0.0/h: plugin ext@1.0.0 is not active: dependency core >=1.0.0 <2.0.0 is missing");
        assertThat(missing.anchors()).filteredOn(a -> a.anchor().id().equals("ext.anchor")).singleElement()
                .satisfies(a -> assertThat(a.active()).isFalse());
        assertThat(hook(missing, "user@1.0.0/u").resolution().reason())
                .isEqualTo("hook user@1.0.0/u: anchor ext.anchor is declared only by plugins that are not active: "
                        + "ext@1.0.0 (dependency core >=1.0.0 <2.0.0 is missing)");

        Snapshot outOfRange = Resolver.resolve(List.of(c(anchorPlugin("core", "2.0.0", "x", null)), c(needsCore)));
        assertThat(outOfRange.inactiveReason("ext@1.0.0"))
                .contains("dependency core >=1.0.0 <2.0.0 is out of range: loaded only as 2.0.0");

        Snapshot met = Resolver.resolve(List.of(c(anchorPlugin("core", "1.9.9", "x", null)), c(needsCore)));
        assertThat(met.inactiveReason("ext@1.0.0")).isEmpty();
        assertThat(hook(met, "ext@1.0.0/h").resolved()).isTrue();
    }

    @Test
    void inactivityPropagatesThroughDependencyChains() {
        PluginDescriptor a = plugin("a", "1.0.0", List.of(Dependency.on("b")), List.of(), List.of(), List.of(), List.of());
        PluginDescriptor b = plugin("b", "1.0.0", List.of(Dependency.on("c")), List.of(), List.of(), List.of(), List.of());
        Snapshot s = Resolver.resolve(List.of(c(a), c(b)));
        assertThat(s.inactiveReason("b@1.0.0")).contains("dependency c any version is missing");
        assertThat(s.inactiveReason("a@1.0.0")).contains("dependency b any version is loaded but not active: b@1.0.0 (dependency c any version is missing)");
    }

    @Test
    void anchorGoingAwayMakesItsHooksPendingAgainAndComingBackResolvesThem() {
        Candidate anchor = c(anchorPlugin("core", "1.0.0", "x", "1.2.0"));
        Candidate hooker = c(hookPlugin("shout", "1.0.0", "x", "1.2.0", 0, "h"));
        assertThat(hook(Resolver.resolve(List.of(anchor, hooker)), "shout@1.0.0/h").resolved()).isTrue();

        Snapshot without = Resolver.resolve(List.of(hooker));
        assertThat(hook(without, "shout@1.0.0/h").resolution().reason())
                .isEqualTo("hook shout@1.0.0/h: anchor x is not declared by any loaded plugin");

        Candidate stopped = new Candidate(anchor.descriptor(), anchor.loadSequence(), "stopped by the host");
        assertThat(hook(Resolver.resolve(List.of(stopped, hooker)), "shout@1.0.0/h").resolution().reason())
                .isEqualTo("hook shout@1.0.0/h: anchor x is declared only by plugins that are not active: core@1.0.0 (stopped by the host)");

        assertThat(hook(Resolver.resolve(List.of(hooker, anchor)), "shout@1.0.0/h").resolved()).isTrue();
    }

    @Test
    void twoPluginsDeclaringOneAnchorOnTheSameMinorConflictAndTheLaterLoses() {
        Candidate first = c(anchorPlugin("first", "1.0.0", "x", "1.2.0"));
        Candidate second = c(anchorPlugin("second", "1.0.0", "x", "1.2.5"));
        Candidate hooker = c(hookPlugin("shout", "1.0.0", "x", "1.2.0", 0, "h"));
        Snapshot s = Resolver.resolve(List.of(hooker, second, first));

        assertThat(s.conflicts()).singleElement().satisfies(conflict -> {
            assertThat(conflict).isEqualTo(new Conflict(TargetKind.ANCHOR, "x", v("1.2.5"), "second@1.0.0", "first@1.0.0", "first"));
            assertThat(conflict.message()).isEqualTo("anchor x 1.2.5 declared by second@1.0.0 conflicts with its declaration by "
                    + "first@1.0.0: the id is owned by first, so the declaration of second@1.0.0 is not used");
        });
        assertThat(hook(s, "shout@1.0.0/h").resolution().targetPlugin()).isEqualTo("first@1.0.0");
        assertThat(s.anchors()).filteredOn(a -> a.pluginRef().equals("second@1.0.0")).singleElement()
                .satisfies(a -> {
                    assertThat(a.active()).isFalse();
                    assertThat(a.inactiveReason()).contains("first@1.0.0");
                });
    }

    @Test
    void twoVersionsOfOnePluginMayDeclareOneAnchorSideBySide() {
        Snapshot s = Resolver.resolve(List.of(
                c(anchorPlugin("core", "1.2.0", "x", null)),
                c(anchorPlugin("core", "1.2.1", "x", null))));
        assertThat(s.conflicts()).isEmpty();
        assertThat(s.anchors()).allMatch(a -> a.active());
    }

    // ---- anchor and event ids belong to one plugin id (contract section 3) ----------------------

    private static final String DECORATORS = "greeting.decorators";

    /** Where the hook most of these tests load went: the plugin whose declaration it resolved to. */
    private static String exclaimTarget(Snapshot s) {
        return hook(s, "org.example.shout@1.0.0/exclaim").resolution().targetPlugin();
    }

    @Test
    void anotherPluginDeclaringAHigherVersionOfTheOwnersAnchorConflictsAndTakesNoHooks() {
        Candidate greeter = c(anchorPlugin("org.example.greeter", "1.0.0", DECORATORS, "1.2.0"));
        Candidate evil = c(anchorPlugin("org.evil.x", "1.0.0", DECORATORS, "9.9.9"));
        Candidate shout = c(hookPlugin("org.example.shout", "1.0.0", DECORATORS, null, 0, "exclaim"));
        Snapshot s = Resolver.resolve(List.of(shout, evil, greeter));

        assertThat(exclaimTarget(s)).isEqualTo("org.example.greeter@1.0.0");
        assertThat(s.anchorFor(DECORATORS, null)).map(TargetKey::owner).contains("org.example.greeter@1.0.0");
        assertThat(s.anchorFor(DECORATORS, "org.evil.x@1.0.0")).map(TargetKey::owner).contains("org.example.greeter@1.0.0");
        assertThat(s.conflicts()).containsExactly(new Conflict(TargetKind.ANCHOR, DECORATORS, v("9.9.9"),
                "org.evil.x@1.0.0", "org.example.greeter@1.0.0", "org.example.greeter"));
        assertThat(s.anchors()).filteredOn(a -> a.pluginRef().equals("org.evil.x@1.0.0")).singleElement()
                .satisfies(a -> assertThat(a.active()).isFalse());
    }

    @Test
    void anotherPluginDeclaringTheSameOrALowerVersionConflictsToo() {
        for (String version : List.of("1.2.0", "1.0.0", "0.1.0")) {
            Snapshot s = Resolver.resolve(List.of(
                    c(anchorPlugin("org.example.greeter", "1.0.0", DECORATORS, "1.2.0")),
                    c(anchorPlugin("org.evil.x", "1.0.0", DECORATORS, version))));
            assertThat(s.conflicts()).as(version).extracting(Conflict::loser).containsExactly("org.evil.x@1.0.0");
            assertThat(s.anchors()).filteredOn(a -> a.pluginRef().equals("org.evil.x@1.0.0")).singleElement()
                    .satisfies(a -> assertThat(a.active()).isFalse());
        }
    }

    @Test
    void aHookWrittenForTheIntrudersDeclarationIsUnresolvedNamingTheOwner() {
        Snapshot s = Resolver.resolve(List.of(
                c(anchorPlugin("org.example.greeter", "1.0.0", DECORATORS, "1.2.0")),
                c(anchorPlugin("org.evil.x", "1.0.0", DECORATORS, "9.9.9")),
                c(hookPlugin("org.example.shout", "1.0.0", DECORATORS, "9.9.0", 0, "exclaim"))));

        assertThat(hook(s, "org.example.shout@1.0.0/exclaim").resolution().reason()).isEqualTo(
                "hook org.example.shout@1.0.0/exclaim: anchor greeting.decorators is owned by org.example.greeter; "
                        + "org.evil.x@1.0.0 cannot declare it");
    }

    @Test
    void theHostOwnsItsAnchorsAndEvents() {
        PluginDescriptor host = plugin("host", "0.0.0", List.of(), List.of(Anchor.of("app.menu", v("3.1.0"))), List.of(),
                List.of(Event.of("app.saved", v("1.0.0"))), List.of());
        PluginDescriptor intruder = plugin("org.evil.x", "1.0.0", List.of(), List.of(Anchor.of("app.menu", v("4.0.0"))),
                List.of(), List.of(Event.of("app.saved", v("2.0.0"))), List.of());
        PluginDescriptor user = plugin("org.example.user", "1.0.0", List.of(), List.of(),
                List.of(Hook.of("h", "app.menu", null, "h", 0)), List.of(),
                List.of(new Listener("l", "app.saved", null, "l", 0)));
        Snapshot s = Resolver.resolve(List.of(new Candidate(host, 0, null), c(intruder), c(user)));

        assertThat(hook(s, "org.example.user@1.0.0/h").resolution().targetPlugin()).isEqualTo("host@0.0.0");
        assertThat(s.listeners()).singleElement().satisfies(l -> assertThat(l.resolution().targetPlugin()).isEqualTo("host@0.0.0"));
        assertThat(s.conflicts()).extracting(Conflict::kind, Conflict::id, Conflict::loser, Conflict::winner).containsExactly(
                tuple(TargetKind.ANCHOR, "app.menu", "org.evil.x@1.0.0", "host@0.0.0"),
                tuple(TargetKind.EVENT, "app.saved", "org.evil.x@1.0.0", "host@0.0.0"));
    }

    @Test
    void aStoppedOwnerKeepsItsAnchorSoTheIntruderStaysUnused() {
        Candidate greeter = c(anchorPlugin("org.example.greeter", "1.0.0", DECORATORS, "1.2.0"));
        Candidate evil = c(anchorPlugin("org.evil.x", "1.0.0", DECORATORS, "9.9.9"));
        Candidate shout = c(hookPlugin("org.example.shout", "1.0.0", DECORATORS, null, 0, "exclaim"));
        Candidate stopped = new Candidate(greeter.descriptor(), greeter.loadSequence(), "stopped by the host");
        Snapshot s = Resolver.resolve(List.of(stopped, evil, shout));

        assertThat(hook(s, "org.example.shout@1.0.0/exclaim").resolved()).isFalse();
        assertThat(hook(s, "org.example.shout@1.0.0/exclaim").resolution().reason()).isEqualTo(
                "hook org.example.shout@1.0.0/exclaim: anchor greeting.decorators is owned by org.example.greeter, "
                        + "which is not active: org.example.greeter@1.0.0 (stopped by the host)");
        assertThat(s.anchorFor(DECORATORS, null)).isEmpty();
    }

    @Test
    void whenTheOwnerIsUnloadedTheNextPluginInLoadOrderOwnsTheId() {
        Candidate greeter = c(anchorPlugin("org.example.greeter", "1.0.0", DECORATORS, "1.2.0"));
        Candidate other = c(anchorPlugin("org.example.other", "1.0.0", DECORATORS, "2.0.0"));
        Candidate third = c(anchorPlugin("org.example.third", "1.0.0", DECORATORS, "3.0.0"));
        Candidate shout = c(hookPlugin("org.example.shout", "1.0.0", DECORATORS, null, 0, "exclaim"));

        Snapshot s = Resolver.resolve(List.of(third, other, shout));
        assertThat(exclaimTarget(s)).isEqualTo("org.example.other@1.0.0");
        assertThat(s.conflicts()).extracting(Conflict::loser, Conflict::winner)
                .containsExactly(tuple("org.example.third@1.0.0", "org.example.other@1.0.0"));

        // The same, reached by unloading the owner after a resolution in which it owned the id.
        Snapshot before = Resolver.resolve(List.of(greeter, other, third, shout));
        assertThat(exclaimTarget(before)).isEqualTo("org.example.greeter@1.0.0");
        Snapshot after = Resolver.resolve(List.of(other, third, shout), before);
        assertThat(exclaimTarget(after)).isEqualTo("org.example.other@1.0.0");
        assertThat(after.conflicts()).extracting(Conflict::loser).containsExactly("org.example.third@1.0.0");
    }

    @Test
    void upgradingTheOwnerKeepsItsIdsFromAPluginLoadedInBetween() {
        Candidate greeter1 = c(anchorPlugin("org.example.greeter", "1.0.0", DECORATORS, "1.2.0"));
        Candidate evil = c(anchorPlugin("org.evil.x", "1.0.0", DECORATORS, "9.9.9"));
        Candidate greeter2 = c(anchorPlugin("org.example.greeter", "2.0.0", DECORATORS, "1.3.0"));
        Candidate shout = c(hookPlugin("org.example.shout", "1.0.0", DECORATORS, null, 0, "exclaim"));

        Snapshot both = Resolver.resolve(List.of(greeter1, evil, greeter2, shout));
        assertThat(exclaimTarget(both)).isEqualTo("org.example.greeter@2.0.0");
        Snapshot upgraded = Resolver.resolve(List.of(evil, greeter2, shout), both);
        assertThat(exclaimTarget(upgraded)).isEqualTo("org.example.greeter@2.0.0");
        assertThat(upgraded.conflicts()).extracting(Conflict::loser, Conflict::winner)
                .containsExactly(tuple("org.evil.x@1.0.0", "org.example.greeter@2.0.0"));

        // Without that history the rival was there first, and the contract gives it the id.
        Snapshot fresh = Resolver.resolve(List.of(evil, greeter2, shout));
        assertThat(exclaimTarget(fresh)).isEqualTo("org.evil.x@1.0.0");
    }

    @Test
    void aNewOwnerVersionThatDropsTheIdHandsItOn() {
        Candidate greeter1 = c(anchorPlugin("org.example.greeter", "1.0.0", DECORATORS, "1.2.0"));
        Candidate other = c(anchorPlugin("org.example.other", "1.0.0", DECORATORS, "2.0.0"));
        Candidate greeter2 = c(plugin("org.example.greeter", "2.0.0", List.of(), List.of(), List.of(), List.of(), List.of()));

        Snapshot before = Resolver.resolve(List.of(greeter1, other));
        Snapshot after = Resolver.resolve(List.of(other, greeter2), before);
        assertThat(after.conflicts()).isEmpty();
        assertThat(after.anchorFor(DECORATORS, null)).map(TargetKey::owner).contains("org.example.other@1.0.0");
    }

    @Test
    void theHostTakesItsIdBackFromAPluginThatDeclaredItFirst() {
        Candidate early = c(anchorPlugin("org.example.early", "1.0.0", "app.menu", "1.0.0"));
        Snapshot before = Resolver.resolve(List.of(early));
        Candidate host = new Candidate(anchorPlugin("host", "0.0.0", "app.menu", "3.0.0"), 0, null);
        Snapshot after = Resolver.resolve(List.of(early, host), before);
        assertThat(after.anchorFor("app.menu", "org.example.early@1.0.0")).map(TargetKey::owner).contains("host@0.0.0");
        assertThat(after.conflicts()).extracting(Conflict::loser).containsExactly("org.example.early@1.0.0");
    }

    @Test
    void aRestartedOwnerFindsItsIdWhereItLeftIt() {
        Candidate greeter = c(anchorPlugin("org.example.greeter", "1.0.0", DECORATORS, "1.2.0"));
        Candidate evil = c(anchorPlugin("org.evil.x", "1.0.0", DECORATORS, "9.9.9"));
        Candidate failed = new Candidate(greeter.descriptor(), greeter.loadSequence(), "failed: start trapped");
        Snapshot s = Resolver.resolve(List.of(greeter, evil));
        s = Resolver.resolve(List.of(failed, evil), s);
        assertThat(s.anchorFor(DECORATORS, null)).isEmpty();
        s = Resolver.resolve(List.of(greeter, evil), s);
        assertThat(s.anchorFor(DECORATORS, null)).map(TargetKey::owner).contains("org.example.greeter@1.0.0");
    }

    @Test
    void listenersGoToTheOwnersEventOnly() {
        PluginDescriptor owner = plugin("org.example.sender", "1.0.0", List.of(), List.of(), List.of(),
                List.of(Event.of("greeting.sent", v("1.0.0"))), List.of());
        PluginDescriptor intruder = plugin("org.evil.x", "1.0.0", List.of(), List.of(), List.of(),
                List.of(Event.of("greeting.sent", v("5.0.0"))), List.of());
        PluginDescriptor audit = plugin("audit", "1.0.0", List.of(), List.of(), List.of(), List.of(),
                List.of(new Listener("l", "greeting.sent", null, "l", 0)));
        Snapshot s = Resolver.resolve(List.of(c(audit), c(owner), c(intruder)));

        assertThat(s.listeners()).singleElement().satisfies(l -> assertThat(l.resolution().targetPlugin()).isEqualTo("org.example.sender@1.0.0"));
        assertThat(s.eventFor("greeting.sent", "org.evil.x@1.0.0")).map(TargetKey::owner).contains("org.example.sender@1.0.0");
    }

    @Test
    void anchorForPrefersTheCallersOwnDeclarationElseTheHighest() {
        Snapshot s = Resolver.resolve(List.of(
                c(anchorPlugin("core", "1.0.0", "x", null)),
                c(anchorPlugin("core", "2.0.0", "x", null))));
        assertThat(s.anchorFor("x", "core@1.0.0")).map(TargetKey::version).contains(v("1.0.0"));
        assertThat(s.anchorFor("x", "someone@1.0.0")).map(TargetKey::version).contains(v("2.0.0"));
        assertThat(s.anchorFor("y", null)).isEmpty();
    }

    @Test
    void listenersResolveToEventsByTheSameRules() {
        PluginDescriptor sender = plugin("sender", "1.0.0", List.of(), List.of(), List.of(),
                List.of(Event.of("greeting.sent", v("1.0.3"))), List.of());
        PluginDescriptor listeners = plugin("audit", "1.0.0", List.of(), List.of(), List.of(), List.of(), List.of(
                new Listener("second", "greeting.sent", v("1.0.0"), "onSecond", 5),
                new Listener(null, "greeting.sent", null, "onFirst", 0),
                new Listener("wrong", "greeting.sent", v("1.1.0"), "onWrong", 0)));
        Snapshot s = Resolver.resolve(List.of(c(listeners), c(sender)));
        TargetKey key = s.eventFor("greeting.sent", null).orElseThrow();
        assertThat(s.listenersOf(key)).extracting(ListenerInfo::ref).containsExactly("audit@1.0.0/onFirst", "audit@1.0.0/second");
        assertThat(s.listeners()).filteredOn(l -> l.ref().endsWith("/wrong")).singleElement()
                .satisfies(l -> assertThat(l.resolution().reason()).isEqualTo(
                        "listener audit@1.0.0/wrong: event greeting.sent is loaded only as 1.0.3; the listener targets 1.1.x"));
    }
}
