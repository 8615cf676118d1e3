package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.CallFailure;
import io.spirefy.pluginengine.api.PluginCallException;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Hook;
import io.spirefy.pluginengine.api.plugin.PluginDescriptor;
import io.spirefy.pluginengine.api.plugin.Version;
import io.spirefy.pluginengine.core.resolve.Candidate;
import io.spirefy.pluginengine.core.resolve.Resolver;
import io.spirefy.pluginengine.core.resolve.Snapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Finding a hook by full ref or bare id (contract section 5). */
class HookIndexTest {

    private static final Version V1 = Version.of(1, 0, 0);

    private final List<PluginDescriptor> plugins = new ArrayList<>();

    /** A plugin declaring {@code anchors} and one hook per {@code "hookId>anchorId"}. */
    private void plugin(String id, List<String> anchors, String... hooks) {
        List<Hook> declared = new ArrayList<>();
        for (String h : hooks) {
            String[] parts = h.split(">");
            declared.add(Hook.of(parts[0], parts[1], V1, parts[0], 0));
        }
        plugins.add(new PluginDescriptor(id, null, V1, null, null, null, false, List.of(),
                anchors.stream().map(a -> Anchor.of(a, V1)).toList(), declared, List.of(), List.of()));
    }

    private HookIndex index() {
        List<Candidate> candidates = new ArrayList<>();
        Map<String, PluginEntry> entries = new HashMap<>();
        for (PluginDescriptor d : plugins) {
            candidates.add(new Candidate(d, candidates.size(), null));
            entries.put(d.ref(), new PluginEntry(d, "test", null, new byte[0], candidates.size()));
        }
        Snapshot s = Resolver.resolve(candidates);
        return new HookIndex(s, entries, owner -> io.spirefy.pluginengine.core.contract.PluginContracts.NONE);
    }

    private static String found(HookIndex index, String ref, String caller) {
        return index.find(ref, caller).info().ref();
    }

    @Test
    void bareIdMeansTheHookOnTheCallersOwnAnchorWhenAnotherPluginsAnchorHasOneOfTheSameId() {
        plugin("owner", List.of("owner.anchor"), "count>owner.anchor");
        plugin("other", List.of("other.anchor"), "count>other.anchor");
        plugin("bystander", List.of());
        HookIndex index = index();

        assertThat(found(index, "count", "owner@1.0.0")).isEqualTo("owner@1.0.0/count");
        assertThat(found(index, "count", "other@1.0.0")).isEqualTo("other@1.0.0/count");
        // No first level for a plugin without anchors: both are candidates, and both are named.
        assertThatThrownBy(() -> index.find("count", "bystander@1.0.0"))
                .isInstanceOfSatisfying(PluginCallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(CallFailure.NOT_FOUND);
                    assertThat(e.getMessage()).contains("hook id count is ambiguous: other@1.0.0/count, owner@1.0.0/count");
                });
        assertThatThrownBy(() -> index.find("count", null)).isInstanceOf(PluginCallException.class);
    }

    @Test
    void bareIdFallsBackToAllResolvedHooksWhenNoneIsOnTheCallersAnchors() {
        plugin("owner", List.of("owner.anchor"), "other>owner.anchor");
        plugin("hooker", List.of(), "count>owner.anchor");
        HookIndex index = index();

        assertThat(found(index, "count", "owner@1.0.0")).isEqualTo("hooker@1.0.0/count");
        assertThat(found(index, "count", "nobody@1.0.0")).isEqualTo("hooker@1.0.0/count");
    }

    @Test
    void twoHooksOfOneIdOnTheCallersOwnAnchorsAreAmbiguousAndOnlyTheyAreNamed() {
        plugin("owner", List.of("a", "b"));
        plugin("x", List.of(), "count>a");
        plugin("y", List.of(), "count>b");
        plugin("z", List.of("c"), "count>c");
        HookIndex index = index();

        assertThatThrownBy(() -> index.find("count", "owner@1.0.0"))
                .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.getMessage())
                        .contains("hook id count is ambiguous among the hooks resolved to owner@1.0.0's own anchors: x@1.0.0/count, y@1.0.0/count")
                        .doesNotContain("z@1.0.0/count"));
        assertThat(found(index, "count", "z@1.0.0")).isEqualTo("z@1.0.0/count");
    }

    @Test
    void theHostsBareIdMeansAHookOnTheHostsOwnAnchorsFirst() {
        HostPlugin host = new HostPlugin();
        host.declare(Anchor.of("app.menu", V1));
        plugins.add(host.descriptor());
        plugin("menu", List.of(), "count>app.menu");
        plugin("other", List.of("other.anchor"), "count>other.anchor");
        HookIndex index = index();

        assertThat(found(index, "count", HostPlugin.REF)).isEqualTo("menu@1.0.0/count");
    }

    @Test
    void fullRefIgnoresTheCallerAndUnknownIdsSayWhatIsMissing() {
        plugin("owner", List.of("owner.anchor"), "count>owner.anchor");
        plugin("other", List.of("other.anchor"), "count>other.anchor");
        HookIndex index = index();

        assertThat(found(index, "other@1.0.0/count", "owner@1.0.0")).isEqualTo("other@1.0.0/count");
        assertThatThrownBy(() -> index.find("owner@1.0.0/nope", "owner@1.0.0"))
                .hasMessageContaining("no hook owner@1.0.0/nope is loaded");
        assertThatThrownBy(() -> index.find("nope", "owner@1.0.0"))
                .hasMessageContaining("no resolved hook nope is loaded");
    }
}
