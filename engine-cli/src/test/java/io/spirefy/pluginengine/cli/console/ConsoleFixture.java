package io.spirefy.pluginengine.cli.console;

import io.spirefy.pluginengine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The {@code console} command run in-process on a free port, as an operator runs it, plus the
 * plugin folders the console tests serve: the demo's archives, and unpacked plugins made from
 * them whose manifest a test edits (a new version to reload, a hostile description).
 */
final class ConsoleFixture implements AutoCloseable {

    /** The demo's cast (build-image's DEMO). */
    static final List<String> DEMO = List.of("anchor-host", "hook-upper", "hook-bracket", "hook-exclaim", "hook-minor",
            "hook-trap", "event-sender", "listener-ok", "listener-fail");
    static final String HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">";

    private static final Pattern SERVING = Pattern.compile("console: serving (http://\\S+)");

    private final Thread thread;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicInteger code = new AtomicInteger(-1);
    private final URI uri;

    private ConsoleFixture(String... args) throws InterruptedException {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        thread = new Thread(() -> code.set(Main.run(args, o, e)), "console-under-test");
        thread.start();
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        URI found = null;
        while (found == null && thread.isAlive() && Instant.now().isBefore(until)) {
            Matcher m = SERVING.matcher(out());
            if (m.find()) found = URI.create(m.group(1));
            else Thread.sleep(20);
        }
        if (found == null) {
            thread.interrupt();
            throw new IllegalStateException("the console did not start: out=" + out() + " err=" + err());
        }
        uri = found;
    }

    /** Runs {@code console --port 0 ARGS...}: returns once it serves. */
    static ConsoleFixture start(String... args) throws InterruptedException {
        List<String> all = new ArrayList<>(List.of("console", "--port", "0"));
        all.addAll(List.of(args));
        return new ConsoleFixture(all.toArray(String[]::new));
    }

    URI uri() {
        return uri;
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Stops it as an in-process host does (interrupting it); returns its exit code. */
    int stop() throws InterruptedException {
        thread.interrupt();
        thread.join(30_000);
        if (thread.isAlive()) throw new IllegalStateException("the console did not stop");
        return code.get();
    }

    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) stop();
    }

    // ---- HTTP -------------------------------------------------------------------------------

    record Response(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> name.equalsIgnoreCase(e.getKey()))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    Response get(String path) throws IOException {
        return request("GET", path, Map.of());
    }

    Response request(String method, String path, Map<String, String> headers) throws IOException {
        return request(uri.resolve(path), method, headers);
    }

    static Response request(URI target, String method, Map<String, String> headers) throws IOException {
        HttpURLConnection c = (HttpURLConnection) target.toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(60_000);
        headers.forEach(c::setRequestProperty);
        if (method.equals("POST")) {
            c.setDoOutput(true);
            try (OutputStream o = c.getOutputStream()) {
                o.write(new byte[0]);
            }
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Response(status, c.getHeaderFields(), body);
    }

    // ---- plugin folders ---------------------------------------------------------------------

    /** A folder with a copy of each named demo archive. */
    static Path folderOf(Path dir, List<String> names) throws IOException {
        Files.createDirectories(dir);
        for (String n : names) {
            Path src = Path.of(demoPlugins()).resolve(n + ".tar.gz");
            Files.copy(src, dir.resolve(n + ".tar.gz"));
        }
        return dir;
    }

    private static String demoPlugins() {
        String dir = System.getProperty("pluginengine.demoPlugins");
        if (dir == null) throw new IllegalStateException("system property pluginengine.demoPlugins is not set (run the tests through Maven)");
        return dir;
    }

    /**
     * hook-upper unpacked into {@code dir}, its manifest rewritten by {@code edit}: a plugin whose
     * id, version and description a test chooses.
     */
    static Path unpackedUpper(Path dir, java.util.function.UnaryOperator<String> edit) throws IOException {
        untar(Path.of(demoPlugins()).resolve("hook-upper.tar.gz"), dir);
        Path manifest = dir.resolve("plugin.yaml");
        Files.writeString(manifest, edit.apply(Files.readString(manifest)));
        return dir;
    }

    /** The demo archives are ustar with one top-level folder, which is dropped. */
    private static void untar(Path archive, Path dir) throws IOException {
        byte[] all;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            all = in.readAllBytes();
        }
        for (int at = 0; at + 512 <= all.length; ) {
            String name = field(all, at, 100);
            if (name.isEmpty()) break;
            String prefix = field(all, at + 345, 155);
            long size = Long.parseLong(field(all, at + 124, 12).trim().isEmpty() ? "0" : field(all, at + 124, 12).trim(), 8);
            char type = (char) all[at + 156];
            String full = prefix.isEmpty() ? name : prefix + "/" + name;
            String inner = full.contains("/") ? full.substring(full.indexOf('/') + 1) : "";
            if ((type == '0' || type == 0) && !inner.isEmpty() && !inner.endsWith("/")) {
                Path target = dir.resolve(inner).normalize();
                if (!target.startsWith(dir)) throw new IOException("entry outside: " + full);
                Files.createDirectories(target.getParent());
                Files.write(target, java.util.Arrays.copyOfRange(all, at + 512, at + 512 + (int) size));
            }
            at += 512 + (int) ((size + 511) / 512 * 512);
        }
    }

    private static String field(byte[] b, int at, int len) {
        int end = at;
        while (end < at + len && b[end] != 0) end++;
        return new String(b, at, end - at, StandardCharsets.US_ASCII);
    }
}
