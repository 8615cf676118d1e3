package io.spirefy.pluginengine.cli.console;

/**
 * Escaping for text that a plugin supplied, on its way into HTML or SVG: plugins are hostile, and
 * an id or a reason must show as the characters it holds, never become markup.
 */
public final class Markup {

    private Markup() {
    }

    /**
     * Text for an element's content or a quoted attribute value, in HTML and in XML alike.
     * Control characters that XML forbids are dropped, since one would make the whole SVG unreadable.
     */
    public static String text(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') b.append(c);
                }
            }
        }
        return b.toString();
    }

    /**
     * JSON text made safe to sit inside a {@code <script>} element: {@code <} (so no
     * {@code </script>} or {@code <!--}), {@code >}, {@code &} and the two line separators JavaScript
     * once refused are written as escapes, which JSON reads back as the same characters.
     */
    public static String scriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    /** At most {@code max} characters, the cut marked with an ellipsis. */
    public static String shorten(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
