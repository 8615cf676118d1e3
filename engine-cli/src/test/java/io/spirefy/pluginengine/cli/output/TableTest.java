package io.spirefy.pluginengine.cli.output;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {

    private static String print(Table t) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        t.print(new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void alignsColumnsAndCountsRows() {
        String s = print(new Table("Hooks", "HOOK", "ORDER", "RESOLUTION").row("a@1.0.0/x", 0, "-> 1.2.0").row("longer@1.0.0/y", 10, null));
        assertThat(s.split("\\R")).containsExactly(
                "Hooks (2)",
                "  HOOK            ORDER  RESOLUTION",
                "  a@1.0.0/x       0      -> 1.2.0",
                "  longer@1.0.0/y  10     -");
    }

    @Test
    void saysNoneWhenEmpty() {
        assertThat(print(new Table("Events", "EVENT"))).isEqualTo("Events (0)" + System.lineSeparator() + "  (none)" + System.lineSeparator());
    }

    @Test
    void rejectsARowOfTheWrongWidth() {
        assertThatThrownBy(() -> new Table("T", "A", "B").row("x")).hasMessageContaining("'T' needs 2 cells, got 1");
    }
}
