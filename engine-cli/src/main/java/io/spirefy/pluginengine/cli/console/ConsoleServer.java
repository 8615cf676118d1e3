package io.spirefy.pluginengine.cli.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.spirefy.pluginengine.api.LoadResult;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.PluginInfo;
import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.cli.output.InspectReport;
import io.spirefy.pluginengine.cli.output.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The console's HTTP side, on the JDK's own server: the page, the inspect document, the metrics,
 * the graph, and a reload per plugin. It binds to a loopback address only ({@link Loopback}), and
 * since a page of any other site in the same browser can still send requests to 127.0.0.1, it
 * answers only requests addressed to a loopback host name (no DNS rebinding) and reloads only on
 * a request carrying its own header (which a cross-site form or simple request cannot set).
 */
public final class ConsoleServer implements AutoCloseable {

    /** The header a reload must carry; a browser sends it cross-site only after a preflight this server never approves. */
    public static final String RELOAD_HEADER = "X-PluginEngine-Console";
    private static final String RELOAD_PATH = "/api/plugins/";
    private static final String RELOAD_SUFFIX = "/reload";

    private final PluginEngine engine;
    private final Supplier<List<Problem>> problems;
    private final Consumer<String> log;
    private final HttpServer server;
    private final ExecutorService workers;

    private ConsoleServer(PluginEngine engine, Supplier<List<Problem>> problems, Consumer<String> log,
                          HttpServer server, ExecutorService workers) {
        this.engine = engine;
        this.problems = problems;
        this.log = log;
        this.server = server;
        this.workers = workers;
    }

    /**
     * Starts serving.
     *
     * @param address  a loopback address; port 0 picks a free one
     * @param problems the problems of the sources, as {@code inspect} lists them
     * @param log      one line per reload, for the operator's terminal
     * @throws IllegalArgumentException when the address is not loopback
     * @throws IOException              when the port cannot be bound
     */
    public static ConsoleServer start(PluginEngine engine, InetSocketAddress address, Supplier<List<Problem>> problems,
                                      Consumer<String> log) throws IOException {
        Loopback.require(address.getAddress());
        HttpServer server = HttpServer.create(address, 16);
        // Reloads compile plugins: a few threads keep the page answering meanwhile.
        ExecutorService workers = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "plugin-engine-console");
            t.setDaemon(true);
            return t;
        });
        ConsoleServer console = new ConsoleServer(engine, problems, log, server, workers);
        server.createContext("/", console::handle);
        server.setExecutor(workers);
        server.start();
        return console;
    }

    /** Where it listens, with the port actually bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The page's address, for the operator to open. */
    public URI uri() {
        InetSocketAddress a = address();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/");
    }

    /** Stops at once: the page polls, so nothing is lost by not waiting for it. */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            answer(ex);
        }
    }

    private void answer(HttpExchange ex) throws IOException {
        try {
            if (!addressedToLoopback(ex)) {
                send(ex, 403, "text/plain; charset=utf-8", "the console answers only requests addressed to 127.0.0.1 or localhost", null);
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            if (path.startsWith(RELOAD_PATH) && path.endsWith(RELOAD_SUFFIX) && path.length() > RELOAD_PATH.length() + RELOAD_SUFFIX.length()) {
                if (!method.equals("POST")) { notAllowed(ex, "POST"); return; }
                reload(ex, URLDecoder.decode(path.substring(RELOAD_PATH.length(), path.length() - RELOAD_SUFFIX.length()), StandardCharsets.UTF_8));
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) { notAllowed(ex, "GET"); return; }
            switch (path) {
                case "/" -> {
                    ConsolePage page = ConsolePage.live();
                    send(ex, 200, "text/html; charset=utf-8", page.html(), page.contentSecurityPolicy());
                }
                case "/api/plugins" -> json(ex, 200, InspectReport.of(engine, problems.get()).toJsonTree());
                case "/api/metrics" -> json(ex, 200, MetricsJson.of(engine.metrics()));
                case "/api/graph.svg" -> send(ex, 200, "image/svg+xml; charset=utf-8", GraphSvg.render(engine),
                        "default-src 'none'; style-src 'unsafe-inline'");
                default -> json(ex, 404, Map.of("error", "not found: " + path));
            }
        } catch (RuntimeException e) {
            // A failure answering one request is that request's: the console stays up.
            try {
                json(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
            } catch (IOException | RuntimeException ignored) {
                // the response had already begun
            }
        }
    }

    private void reload(HttpExchange ex, String ref) throws IOException {
        if (ex.getRequestHeaders().getFirst(RELOAD_HEADER) == null) {
            json(ex, 403, Map.of("error", "a reload must carry the " + RELOAD_HEADER + " header"));
            return;
        }
        Optional<PluginInfo> plugin = find(ref);
        if (plugin.isEmpty()) {
            json(ex, 404, Map.of("error", "no plugin " + ref + " is loaded"));
            return;
        }
        String current = plugin.get().ref();
        LoadResult result;
        try {
            result = engine.replace(current, Path.of(plugin.get().source()));
        } catch (PluginEngineException e) {
            json(ex, 409, Map.of("error", String.valueOf(e.getMessage())));
            return;
        }
        log.accept(result.loaded().isEmpty()
                ? "reload of " + current + " failed; it stays in place: " + result.problems()
                : "reloaded " + current + " as " + String.join(", ", result.loaded()));
        json(ex, result.loaded().isEmpty() ? 422 : 200, loadResultJson(result));
    }

    /** The exact ref, else a bare id's highest version, as {@link PluginEngine#replace} reads a ref. */
    private Optional<PluginInfo> find(String ref) {
        List<PluginInfo> plugins = engine.plugins();
        return plugins.stream().filter(p -> p.ref().equals(ref)).findFirst()
                .or(() -> plugins.stream().filter(p -> p.pluginId().equals(ref)).max(Comparator.comparing(PluginInfo::pluginVersion)));
    }

    /** {@code {"loaded":[ref...],"problems":[{"source","message","severity"}]}}. */
    static Map<String, Object> loadResultJson(LoadResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loaded", r.loaded());
        m.put("problems", r.problems().stream().map(p -> {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("source", p.source());
            q.put("message", p.keyPath() == null ? p.message() : p.keyPath() + ": " + p.message());
            q.put("severity", p.severity().name());
            return q;
        }).toList());
        return m;
    }

    private static boolean addressedToLoopback(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null) return false;
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(1, end);
        } else if (name.indexOf(':') >= 0) {
            name = name.substring(0, name.indexOf(':'));
        }
        if (name.equals("localhost")) return true;
        // Only literal addresses: a name other than localhost would need DNS, which is what rebinding abuses.
        if (!name.matches("[0-9.]+|[0-9a-f:]+")) return false;
        try {
            return InetAddress.getByName(name).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static void notAllowed(HttpExchange ex, String allowed) throws IOException {
        ex.getResponseHeaders().set("Allow", allowed);
        json(ex, 405, Map.of("error", ex.getRequestMethod() + " is not allowed here"));
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", Json.compact(body), null);
    }

    private static void send(HttpExchange ex, int status, String type, String body, String csp) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        if (csp != null) h.set("Content-Security-Policy", csp);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
