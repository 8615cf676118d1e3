package io.spirefy.pluginengine.cli.text;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations people type on a command line: {@code 500ms}, {@code 2s}, {@code 1m},
 * {@code 1h}, or ISO-8601 ({@code PT1.5S}) for anything finer.
 */
public final class DurationParser {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private DurationParser() {
    }

    /**
     * @throws IllegalArgumentException naming the text and what was expected, when it is not a
     *                                  positive duration in one of the forms above
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim();
        Duration d;
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else if (t.startsWith("P") || t.startsWith("p")) {
            try {
                d = Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        } else {
            throw invalid(text);
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("duration '" + text + "' must be longer than zero");
        }
        return d;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration: expected a whole number and a unit"
                + " (ms, s, m, h), e.g. 500ms or 2s, or ISO-8601 such as PT1.5S");
    }
}
