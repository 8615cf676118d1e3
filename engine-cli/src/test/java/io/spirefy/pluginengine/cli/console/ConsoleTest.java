package io.spirefy.pluginengine.cli.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.core.PluginEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static JsonNode plugin(JsonNode doc, String id) {
        for (JsonNode p : doc.get("plugins")) if (p.get("id").asText().equals(id)) return p;
        throw new AssertionError("no plugin " + id + " in " + doc);
    }

    @Test
    void servesThePageTheInspectDocumentTheMetricsAndTheGraph() throws Exception {
        Path dir = ConsoleFixture.folderOf(tmp.resolve("plugins"), List.of("anchor-host", "hook-upper", "hook-minor", "event-sender", "listener-ok"));
        try (ConsoleFixture console = ConsoleFixture.start("--plugins", dir.toString())) {
            ConsoleFixture.Response page = console.get("/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.body()).contains("<title>PluginEngine console</title>", "/api/plugins", "/api/metrics", "setInterval(refresh, 2000)");
            // Self-contained: nothing fetched from elsewhere, the script runs only under this response's nonce.
            assertThat(page.body()).doesNotContain("<script src", "<link ", "https://", "__NONCE__", "__EMBEDDED__");
            String csp = page.header("Content-Security-Policy");
            assertThat(csp).contains("script-src 'nonce-");
            String nonce = csp.replaceAll(".*'nonce-([^']+)'.*", "$1");
            assertThat(page.body()).contains("<script nonce=\"" + nonce + "\">");
            assertThat(console.get("/").header("Content-Security-Policy")).isNotEqualTo(csp);

            ConsoleFixture.Response plugins = console.get("/api/plugins");
            assertThat(plugins.status()).isEqualTo(200);
            assertThat(plugins.header("Content-Type")).startsWith("application/json");
            JsonNode doc = JSON.readTree(plugins.body());
            assertThat(doc.get("plugins")).hasSize(5);
            assertThat(plugin(doc, "test.anchor").get("state").asText()).isEqualTo("STARTED");
            JsonNode minor = plugin(doc, "test.minor").get("hooks").get(0);
            assertThat(minor.get("resolved").asBoolean()).isFalse();
            assertThat(minor.get("reason").asText()).contains("1.3.x");
            assertThat(plugin(doc, "test.upper").get("hooks").get(0).get("func").asText()).isEqualTo("upper");

            ConsoleFixture.Response metrics = console.get("/api/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(JSON.readTree(metrics.body()).get("plugins").findValuesAsText("plugin")).contains("test.anchor@1.0.0");

            ConsoleFixture.Response svg = console.get("/api/graph.svg");
            assertThat(svg.header("Content-Type")).startsWith("image/svg+xml");
            assertThat(svg.body()).startsWith("<svg").contains("greeting.decorators", "test.upper@1.0.0/upper", "pending: ", "greeting.sent");

            assertThat(console.get("/nothing").status()).isEqualTo(404);
            assertThat(console.request("DELETE", "/api/plugins", Map.of()).status()).isEqualTo(405);
            assertThat(console.stop()).isZero();
            assertThat(console.out()).contains("console: stopped");
        }
    }

    @Test
    void metricsCountTheCallsOfEachHook() throws Exception {
        try (PluginEngine engine = PluginEngines.builder().build()) {
            for (String p : List.of("anchor-host", "hook-upper")) {
                engine.load(Path.of(System.getProperty("pluginengine.demoPlugins"), p + ".tar.gz"));
            }
            engine.start();
            engine.callHook("test.upper@1.0.0/upper", "hi".getBytes(StandardCharsets.UTF_8));
            engine.callHook("test.upper@1.0.0/upper", "ho".getBytes(StandardCharsets.UTF_8));
            try (ConsoleServer server = ConsoleServer.start(engine, new InetSocketAddress(Loopback.address(), 0), List::of, line -> { })) {
                JsonNode metrics = JSON.readTree(ConsoleFixture.request(server.uri().resolve("/api/metrics"), "GET", Map.of()).body());
                JsonNode upper = null;
                for (JsonNode p : metrics.get("plugins")) if (p.get("plugin").asText().equals("test.upper@1.0.0")) upper = p;
                assertThat(upper).isNotNull();
                JsonNode f = upper.get("functions").get(0);
                assertThat(f.get("function").asText()).isEqualTo("upper");
                assertThat(f.get("calls").asLong()).isEqualTo(2);
                assertThat(f.get("failed").asLong()).isZero();
                assertThat(f.has("meanMicros")).isTrue();
            }
        }
    }

    @Test
    void theReloadButtonsRequestReplacesThePluginFromItsSource() throws Exception {
        Path dir = ConsoleFixture.folderOf(tmp.resolve("plugins"), List.of("anchor-host"));
        Path upper = ConsoleFixture.unpackedUpper(dir.resolve("upper"), m -> m);
        try (ConsoleFixture console = ConsoleFixture.start("--plugins", dir.toString())) {
            assertThat(plugin(JSON.readTree(console.get("/api/plugins").body()), "test.upper").get("version").asText()).isEqualTo("1.0.0");
            Files.writeString(upper.resolve("plugin.yaml"), Files.readString(upper.resolve("plugin.yaml")).replace("version: 1.0.0", "version: 1.0.1"));

            // A cross-site form can POST here too, but cannot add the console's header.
            assertThat(console.request("POST", "/api/plugins/test.upper@1.0.0/reload", Map.of()).status()).isEqualTo(403);
            assertThat(console.request("GET", "/api/plugins/test.upper@1.0.0/reload", Map.of()).status()).isEqualTo(405);
            assertThat(plugin(JSON.readTree(console.get("/api/plugins").body()), "test.upper").get("version").asText()).isEqualTo("1.0.0");

            ConsoleFixture.Response reload = console.request("POST", "/api/plugins/test.upper%401.0.0/reload", Map.of(ConsoleServer.RELOAD_HEADER, "1"));
            assertThat(reload.status()).isEqualTo(200);
            assertThat(JSON.readTree(reload.body()).get("loaded").get(0).asText()).isEqualTo("test.upper@1.0.1");
            JsonNode doc = JSON.readTree(console.get("/api/plugins").body());
            List<String> versions = new java.util.ArrayList<>();
            doc.get("plugins").forEach(p -> versions.add(p.get("id").asText() + "@" + p.get("version").asText()));
            assertThat(versions).containsExactlyInAnyOrder("test.anchor@1.0.0", "test.upper@1.0.1");
            assertThat(plugin(doc, "test.upper").get("version").asText()).isEqualTo("1.0.1");
            assertThat(console.out()).contains("console: reloaded test.upper@1.0.0 as test.upper@1.0.1");

            // A broken manifest leaves the plugin serving and says why.
            Files.writeString(upper.resolve("plugin.yaml"), "id: test.upper\nversion: not-a-version\n");
            ConsoleFixture.Response bad = console.request("POST", "/api/plugins/test.upper/reload", Map.of(ConsoleServer.RELOAD_HEADER, "1"));
            assertThat(bad.status()).isEqualTo(422);
            assertThat(JSON.readTree(bad.body()).get("problems").get(0).get("message").asText()).isNotBlank();
            assertThat(plugin(JSON.readTree(console.get("/api/plugins").body()), "test.upper").get("version").asText()).isEqualTo("1.0.1");

            assertThat(console.request("POST", "/api/plugins/no.such/reload", Map.of(ConsoleServer.RELOAD_HEADER, "1")).status()).isEqualTo(404);
        }
    }

    @Test
    void withWatchAnArchiveDroppedIntoTheFolderShowsUpAndOneRemovedGoes() throws Exception {
        Path dir = ConsoleFixture.folderOf(tmp.resolve("plugins"), List.of("anchor-host"));
        try (ConsoleFixture console = ConsoleFixture.start("--watch", "--plugins", dir.toString())) {
            Files.copy(Path.of(System.getProperty("pluginengine.demoPlugins"), "hook-upper.tar.gz"), dir.resolve("hook-upper.tar.gz"));
            assertThat(waitForPlugins(console, 2)).contains("\"test.upper\"");
            Files.delete(dir.resolve("hook-upper.tar.gz"));
            assertThat(waitForPlugins(console, 1)).doesNotContain("\"test.upper\"");
        }
    }

    /** The watch looks once a second and acts on a file after two equal looks: polls the document for up to 20 s. */
    private static String waitForPlugins(ConsoleFixture console, int count) throws Exception {
        String body = "";
        for (int i = 0; i < 200; i++) {
            body = console.get("/api/plugins").body();
            if (JSON.readTree(body).get("plugins").size() == count) return body;
            Thread.sleep(100);
        }
        throw new AssertionError("expected " + count + " plugins, the console shows " + body);
    }

    @Test
    void aHostileDescriptionStaysTextInTheDocumentAndTheSnapshotPage() throws Exception {
        Path dir = ConsoleFixture.folderOf(tmp.resolve("plugins"), List.of("anchor-host"));
        ConsoleFixture.unpackedUpper(dir.resolve("hostile"), m -> m.replace("id: test.upper", "id: test.hostile")
                + "description: '" + ConsoleFixture.HOSTILE.replace("'", "''") + "'\n");
        try (ConsoleFixture console = ConsoleFixture.start("--plugins", dir.toString())) {
            // The document carries it as data; the page sets it only as text (the browser test sees it drawn).
            assertThat(plugin(JSON.readTree(console.get("/api/plugins").body()), "test.hostile").get("description").asText())
                    .isEqualTo(ConsoleFixture.HOSTILE);
            assertThat(console.get("/").body()).doesNotContain("pwned").doesNotContain("innerHTML");
        }
        Path html = tmp.resolve("graph.html");
        assertThat(io.spirefy.pluginengine.cli.Main.run(new String[] {"inspect", "--format", "html", "--out", html.toString(), "--plugins", dir.toString()},
                System.out, System.err)).isZero();
        String page = Files.readString(html);
        assertThat(page).doesNotContain("<script>document", "<img src=x").contains("\\u003cscript\\u003edocument.title");
        assertThat(page.split("</script>", -1)).hasSize(3); // the data block's and the page script's own, nothing closed early
    }

    @Test
    void itListensOnLoopbackOnlyAndAnswersOnlyLoopbackHostNames() throws Exception {
        assertThatThrownBy(() -> Loopback.require(InetAddress.getByName("0.0.0.0"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Loopback.require(InetAddress.getByName("::"))).isInstanceOf(IllegalArgumentException.class);
        // A documentation address (TEST-NET-1): refused before anything is bound or sent.
        assertThatThrownBy(() -> Loopback.require(InetAddress.getByName("192.0.2.1"))).isInstanceOf(IllegalArgumentException.class);
        try (PluginEngine engine = PluginEngines.builder().build()) {
            assertThatThrownBy(() -> ConsoleServer.start(engine, new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), List::of, l -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        }
        Path dir = ConsoleFixture.folderOf(tmp.resolve("plugins"), List.of("anchor-host"));
        io.spirefy.pluginengine.cli.CliRunAccess refused = io.spirefy.pluginengine.cli.CliRunAccess.of("console", "--bind", "0.0.0.0", "--port", "0", "--plugins", dir.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("loopback");

        try (ConsoleFixture console = ConsoleFixture.start("--plugins", dir.toString())) {
            int port = console.uri().getPort();
            assertThat(console.uri().getHost()).isEqualTo("127.0.0.1");
            // Bound to 127.0.0.1 alone: another address of the loopback range (which a wildcard bind would answer) is refused.
            assertThatThrownBy(() -> new Socket(InetAddress.getByName("127.0.0.2"), port).close()).isInstanceOf(ConnectException.class);
            // A page from a rebinding DNS name reaches 127.0.0.1 with its own Host: refused.
            // (HttpURLConnection will not send another Host: the request is written by hand.)
            assertThat(rawStatus(port, "attacker.example:" + port)).isEqualTo(403);
            assertThat(rawStatus(port, "127.0.0.1:" + port)).isEqualTo(200);
            assertThat(ConsoleFixture.request(URI.create("http://localhost:" + port + "/api/plugins"), "GET", Map.of()).status()).isEqualTo(200);
            assertThat(console.stop()).isZero();
            assertThatThrownBy(() -> new Socket(InetAddress.getByName("127.0.0.1"), port).close()).isInstanceOf(ConnectException.class);
        }
    }

    private static int rawStatus(int port, String host) throws IOException {
        try (Socket s = new Socket(Loopback.address(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /api/plugins HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    @Test
    void inspectWritesTheGraphAsSvgAndAsThePageWithItsData() throws IOException {
        Path dir = ConsoleFixture.folderOf(tmp.resolve("plugins"), List.of("anchor-host", "hook-upper", "hook-minor"));
        Path svg = tmp.resolve("graph.svg");
        assertThat(io.spirefy.pluginengine.cli.Main.run(new String[] {"inspect", "--format", "svg", "--out", svg.toString(), "--plugins", dir.toString()},
                System.out, System.err)).isZero();
        assertThat(Files.readString(svg)).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
                .contains("test.upper@1.0.0/upper", "test.minor@1.0.0/minor", "stroke-dasharray", "1.3.x").endsWith("</svg>\n");
        Path html = tmp.resolve("graph.html");
        assertThat(io.spirefy.pluginengine.cli.Main.run(new String[] {"inspect", "--format", "html", "--out", html.toString(), "--plugins", dir.toString()},
                System.out, System.err)).isZero();
        assertThat(Files.readString(html)).contains("<title>PluginEngine console</title>", "\"svgBase64\":\"", "test.minor")
                .doesNotContain("__EMBEDDED__", "__NONCE__");
    }
}
