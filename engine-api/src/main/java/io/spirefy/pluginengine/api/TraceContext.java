package io.spirefy.pluginengine.api;

/**
 * A W3C Trace Context {@code traceparent} a host passes with a call, so that what its plugins do
 * joins the host's distributed trace: every call beneath it (hooks and events the plugins call in
 * turn, and the host's Java listeners) carries it, flight-recorder call events name its trace id,
 * and a plugin reads it through the host function {@code GetTraceContext} (contract section 5).
 * The engine starts no spans of its own: it passes the value on unchanged.
 *
 * <p>Format ({@code https://www.w3.org/TR/trace-context/#traceparent-header}):
 * {@code version-traceid-parentid-flags}, lowercase hex of 2, 32, 16 and 2 digits, e.g.
 * {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}. Version {@code ff}, an all-zero
 * trace id or parent id are invalid; a version above {@code 00} may carry more fields after the
 * flags, each introduced by {@code -}.
 *
 * @param traceparent the header's value, as received
 */
public record TraceContext(String traceparent) {

    /** What a valid value looks like, for error messages. */
    public static final String FORMAT = "version-traceid-parentid-flags in lowercase hex (2-32-16-2 digits),"
            + " e.g. 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static final int LENGTH_V00 = 55;

    /**
     * Checks the value against the format above.
     *
     * @param traceparent the header's value
     * @throws IllegalArgumentException when it is null or malformed, naming the expected format
     */
    public TraceContext {
        String why = malformation(traceparent);
        if (why != null) {
            throw new IllegalArgumentException("malformed traceparent '" + traceparent + "' (" + why + "); expected " + FORMAT);
        }
    }

    /**
     * Reads a {@code traceparent} header value.
     *
     * @param traceparent the header's value
     * @return the trace context
     * @throws IllegalArgumentException when it is null or malformed, naming the expected format
     */
    public static TraceContext parse(String traceparent) {
        return new TraceContext(traceparent);
    }

    /** @return the 32 hex digits of the trace id */
    public String traceId() {
        return traceparent.substring(3, 35);
    }

    /** @return the 16 hex digits of the caller's span (the parent id) */
    public String parentId() {
        return traceparent.substring(36, 52);
    }

    /** @return whether the caller recorded its span (flag bit 0, {@code sampled}) */
    public boolean sampled() {
        return (Integer.parseInt(traceparent.substring(53, 55), 16) & 1) != 0;
    }

    private static String malformation(String s) {
        if (s == null) return "none given";
        if (s.length() < LENGTH_V00) return "too short";
        if (s.charAt(2) != '-' || s.charAt(35) != '-' || s.charAt(52) != '-') return "fields must be separated by '-'";
        if (!hex(s, 0, 2) || !hex(s, 3, 35) || !hex(s, 36, 52) || !hex(s, 53, 55)) return "not lowercase hex";
        String version = s.substring(0, 2);
        if (version.equals("ff")) return "version ff is invalid";
        if (version.equals("00") ? s.length() != LENGTH_V00 : s.length() > LENGTH_V00 && s.charAt(LENGTH_V00) != '-') {
            return "unexpected text after the flags";
        }
        if (zeros(s, 3, 35)) return "the trace id is all zeros";
        if (zeros(s, 36, 52)) return "the parent id is all zeros";
        return null;
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    private static boolean zeros(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') return false;
        }
        return true;
    }
}
