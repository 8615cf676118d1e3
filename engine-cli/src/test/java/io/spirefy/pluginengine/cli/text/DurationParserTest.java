package io.spirefy.pluginengine.cli.text;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationParserTest {

    @Test
    void readsTheShortForms() {
        assertThat(DurationParser.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationParser.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(DurationParser.parse("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(DurationParser.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationParser.parse(" 10s ")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void readsIso8601() {
        assertThat(DurationParser.parse("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void rejectsWhatIsNotADurationNamingIt() {
        for (String bad : new String[] {"", "5", "s", "5 s", "1.5s", "-1s", "2d", "PTxS", "5sec"}) {
            assertThatThrownBy(() -> DurationParser.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void rejectsZero() {
        assertThatThrownBy(() -> DurationParser.parse("0ms")).hasMessageContaining("longer than zero");
        assertThatThrownBy(() -> DurationParser.parse("PT0S")).hasMessageContaining("longer than zero");
    }
}
