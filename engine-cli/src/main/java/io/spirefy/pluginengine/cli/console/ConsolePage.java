package io.spirefy.pluginengine.cli.console;

import io.spirefy.pluginengine.cli.output.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's one page (console.html beside this class): inline CSS and script, nothing loaded
 * from elsewhere. Served live it fetches the API itself; written as a file it carries a snapshot.
 * Its script runs only under a fresh nonce named by its own Content-Security-Policy, so that even
 * markup slipped into the page could not run.
 */
public final class ConsolePage {

    private static final String TEMPLATE = load();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String html;
    private final String nonce;

    private ConsolePage(String html, String nonce) {
        this.html = html;
        this.nonce = nonce;
    }

    /** The page that polls {@code /api/plugins} and {@code /api/metrics}. */
    public static ConsolePage live() {
        return fill("null");
    }

    /**
     * The page with the data embedded and no server behind it.
     *
     * @param inspect the {@code inspect --json} document
     * @param metrics the {@link MetricsJson} document
     * @param svg     the {@link GraphSvg} of the same snapshot
     */
    public static ConsolePage snapshot(Map<String, Object> inspect, Map<String, Object> metrics, String svg, Instant taken) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("inspect", inspect);
        data.put("metrics", metrics);
        data.put("svgBase64", Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)));
        data.put("taken", taken.toString());
        return fill(Markup.scriptJson(Json.compact(data)));
    }

    private static ConsolePage fill(String embeddedJson) {
        byte[] n = new byte[18];
        RANDOM.nextBytes(n);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(n);
        String withNonce = TEMPLATE.replace("__NONCE__", nonce);
        // The data goes in last, and by position, so that nothing a plugin wrote is ever taken for a placeholder.
        int at = withNonce.indexOf("__EMBEDDED__");
        String html = withNonce.substring(0, at) + embeddedJson + withNonce.substring(at + "__EMBEDDED__".length());
        return new ConsolePage(html, nonce);
    }

    public String html() {
        return html;
    }

    /** The header that repeats the page's own policy (a header also covers what a meta element cannot). */
    public String contentSecurityPolicy() {
        return "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'unsafe-inline'; img-src 'self' data:; "
                + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static String load() {
        try (InputStream in = ConsolePage.class.getResourceAsStream("console.html")) {
            if (in == null) throw new IllegalStateException("console.html is missing from the CLI's module");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
