package io.spirefy.pluginengine.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The benchmark guests (compiled from src/main/guests into resources guests/*.wasm) and plugin
 * archives made from them in memory: many plugins can share one compiled C module, each with a
 * generated plugin.yaml, so a benchmark needs no archive files on disk.
 */
public final class Guests {

    /** Hook: answers its input (up to 64 KiB). Exports {@code echo}. */
    public static final String ECHO = "bench-echo";
    /** Anchor owner of {@code bench.anchor}: {@code run} calls every resolved hook through CallHook. */
    public static final String ANCHOR = "bench-anchor";
    /** Declares {@code bench.event}; {@code send} sends it with its input. */
    public static final String SENDER = "bench-sender";
    /** Listener: {@code on_event} reads the payload and completes. */
    public static final String LISTENER = "bench-listener";
    /** Kernel-call cost: {@code stores} / {@code loads} make as many store_u64 / load_u64 calls as the input says. */
    public static final String KERNEL = "bench-kernel";

    private Guests() {
    }

    /** The compiled module {@code name}.wasm. */
    public static byte[] wasm(String name) {
        String resource = "/guests/" + name + ".wasm";
        try (InputStream in = Guests.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("benchmark guest " + resource + " is not on the class path; build with "
                        + "./mvnw -Pbench -pl engine-benchmarks -am package (it compiles src/main/guests with clang)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read benchmark guest " + resource, e);
        }
    }

    /** A zip holding {@code plugin.yaml} and {@code module}.wasm, as {@code engine.load(name, bytes)} takes it. */
    public static byte[] archive(String manifestYaml, String module) {
        return archive(manifestYaml, module + ".wasm", wasm(module));
    }

    /** A zip holding {@code plugin.yaml} and the module bytes as {@code wasmFile}, for modules built outside this module. */
    public static byte[] archive(String manifestYaml, String wasmFile, byte[] wasm) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("plugin.yaml"));
            zip.write(manifestYaml.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(wasmFile));
            zip.write(wasm);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Plugin {@code id} with one hook {@code hookId} (function {@code echo}) on {@code bench.anchor} 1.0.x. */
    public static byte[] echoHookPlugin(String id, String hookId) {
        return archive("id: " + id + "\nversion: 1.0.0\nwasm: " + ECHO + ".wasm\n"
                + "hooks:\n  - id: " + hookId + "\n    anchorId: bench.anchor\n    anchorVersion: 1.0.0\n    func: echo\n", ECHO);
    }

    /** {@code bench.anchor.owner}, declaring anchor {@code bench.anchor} 1.0.0. */
    public static byte[] anchorPlugin() {
        return archive("id: bench.anchor.owner\nversion: 1.0.0\nwasm: " + ANCHOR + ".wasm\n"
                + "anchors:\n  - id: bench.anchor\n    version: 1.0.0\n", ANCHOR);
    }

    /** {@code bench.sender}, declaring event {@code bench.event} 1.0.0. */
    public static byte[] senderPlugin() {
        return archive("id: bench.sender\nversion: 1.0.0\nwasm: " + SENDER + ".wasm\n"
                + "events:\n  - id: bench.event\n    version: 1.0.0\n", SENDER);
    }

    /** Plugin {@code id} listening to {@code bench.event} 1.0.x with {@code on_event}. */
    public static byte[] listenerPlugin(String id) {
        return archive("id: " + id + "\nversion: 1.0.0\nwasm: " + LISTENER + ".wasm\n"
                + "listeners:\n  - id: on-event\n    eventId: bench.event\n    eventVersion: 1.0.0\n    func: on_event\n", LISTENER);
    }

    /** {@code n} bytes of printable text, so a payload looks like the JSON a real hook gets. */
    public static byte[] payload(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) ('a' + i % 26);
        return b;
    }
}
