package io.spirefy.pluginengine.api.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionTest {

    @Test
    void parsesEveryPart() {
        Version v = Version.parse("1.22.333-rc.1.x-y+build.7");
        assertThat(v.major()).isEqualTo(1);
        assertThat(v.minor()).isEqualTo(22);
        assertThat(v.patch()).isEqualTo(333);
        assertThat(v.preRelease()).containsExactly("rc", "1", "x-y");
        assertThat(v.build()).isEqualTo("build.7");
        assertThat(v.isPreRelease()).isTrue();
        assertThat(v).hasToString("1.22.333-rc.1.x-y+build.7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.2.3-", "1.2.3-01", "1.2.3+", "v1.2.3",
            " 1.2.3", "1.2.3-a..b", "", "1.2.3-é"})
    void rejectsWhatSemVerRejects(String text) {
        assertThatThrownBy(() -> Version.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "' is not a SemVer 2.0.0 version")
                .hasMessageContaining("MAJOR.MINOR.PATCH");
    }

    @Test
    void ordersBySemVerPrecedence() {
        // The example chain of the SemVer 2.0.0 specification, item 11.
        List<String> expected = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "1.10.0", "2.0.0");
        List<Version> shuffled = new ArrayList<>(expected.stream().map(Version::parse).toList());
        Collections.shuffle(shuffled, new java.util.Random(42));
        Collections.sort(shuffled);
        assertThat(shuffled).extracting(Version::toString).containsExactlyElementsOf(expected);
    }

    @Test
    void buildMetadataDoesNotTakePartInPrecedenceOrEquality() {
        assertThat(Version.parse("1.0.0+a")).isEqualTo(Version.parse("1.0.0+b"))
                .hasSameHashCodeAs(Version.parse("1.0.0"));
        assertThat(Version.parse("1.0.0+a").compareTo(Version.parse("1.0.0"))).isZero();
    }

    @Test
    void largeNumericPreReleaseIdentifiersCompareWithoutOverflow() {
        assertThat(Version.parse("1.0.0-99999999999999999999999").compareTo(Version.parse("1.0.0-100000000000000000000000"))).isNegative();
    }

    @Test
    void sameMinorIgnoresPatchOnly() {
        assertThat(Version.parse("1.2.0").sameMinor(Version.parse("1.2.9"))).isTrue();
        assertThat(Version.parse("1.2.0").sameMinor(Version.parse("1.3.0"))).isFalse();
        assertThat(Version.parse("1.2.0").sameMinor(Version.parse("2.2.0"))).isFalse();
        assertThat(Version.parse("1.2.0").minorLine()).isEqualTo("1.2.x");
    }

    @Test
    void dependencyRangeIsInclusiveMinExclusiveMax() {
        Dependency d = new Dependency("core", Version.parse("1.0.0"), Version.parse("2.0.0"));
        assertThat(d.accepts(Version.parse("1.0.0"))).isTrue();
        assertThat(d.accepts(Version.parse("1.99.0"))).isTrue();
        assertThat(d.accepts(Version.parse("2.0.0"))).isFalse();
        assertThat(d.accepts(Version.parse("2.0.0-rc.1"))).isTrue();
        assertThat(d.accepts(Version.parse("0.9.9"))).isFalse();
        assertThatThrownBy(() -> new Dependency("core", Version.parse("2.0.0"), Version.parse("1.0.0")))
                .hasMessageContaining("minVersion 2.0.0 must be lower than maxVersion 1.0.0");
    }

    @Test
    void descriptorAppliesTheContractsDefaults() {
        PluginDescriptor d = new PluginDescriptor("org.example.greeter", null, Version.parse("1.2.3"), null, null, "ABCDEF",
                false, null, List.of(Anchor.of("a", null)), null, List.of(Event.of("e", null)),
                List.of(new Listener(null, "e", null, "onE", 0)));
        assertThat(d.name()).isEqualTo("org.example.greeter");
        assertThat(d.anchors().get(0).version()).isEqualTo(Version.parse("1.2.3"));
        assertThat(d.events().get(0).version()).isEqualTo(Version.parse("1.2.3"));
        assertThat(d.listeners().get(0).id()).isEqualTo("onE");
        assertThat(d.sha256()).isEqualTo("abcdef");
        assertThat(d.ref()).isEqualTo("org.example.greeter@1.2.3");
        assertThatThrownBy(() -> new PluginDescriptor("Bad Id", null, Version.parse("1.0.0"), null, null, null, false,
                null, null, null, null, null)).hasMessageContaining("plugin id 'Bad Id' does not match");
        // Capitals are part of the grammar (contract section 3, compat), and kept as written.
        assertThat(new PluginDescriptor("mycompany.plugins.MyPlugin", null, Version.parse("1.0.0"), null, null, null,
                false, null, null, null, null, null).ref()).isEqualTo("mycompany.plugins.MyPlugin@1.0.0");
    }
}
