package io.spirefy.pluginengine.bench;

import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.api.plugin.Anchor;
import io.spirefy.pluginengine.api.plugin.Version;

import java.util.ArrayList;
import java.util.List;

/**
 * Load + resolve + first call of N plugins in a JVM that has done nothing before (the truly cold
 * case JMH's warm-up hides). Run once per runtime in a fresh JVM:
 * {@code java -cp engine-benchmarks/target/benchmarks.jar io.spirefy.pluginengine.bench.ColdStart chicory 100}.
 */
public final class ColdStart {

    private ColdStart() {
    }

    /** A new engine with the archives loaded and started, each hook called once; the caller closes it. */
    static PluginEngine loadAndCallAll(String runtime, List<byte[]> archives, List<String> hookRefs, byte[] payload) {
        PluginEngine engine = Engines.engine(runtime);
        engine.declareAnchor(Anchor.of("bench.anchor", Version.of(1, 0, 0)));
        for (int i = 0; i < archives.size(); i++) Engines.load(engine, "bench.p" + i + ".zip", archives.get(i));
        engine.start();
        for (String ref : hookRefs) {
            if (engine.callHook(ref, payload).length != payload.length) throw new IllegalStateException(ref + " did not echo");
        }
        return engine;
    }

    public static void main(String[] args) {
        String runtime = args.length > 0 ? args[0] : "chicory";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        List<byte[]> archives = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            archives.add(Guests.echoHookPlugin("bench.p" + i, "h"));
            refs.add("bench.p" + i + "@1.0.0/h");
        }
        byte[] payload = Guests.payload(64);
        long t0 = System.nanoTime();
        PluginEngine engine = loadAndCallAll(runtime, archives, refs, payload);
        long t1 = System.nanoTime();
        engine.close();
        // The same again in this (now warm) JVM, for comparison with the first.
        long t2 = System.nanoTime();
        loadAndCallAll(runtime, archives, refs, payload).close();
        long t3 = System.nanoTime();
        System.out.printf("cold-start runtime=%s plugins=%d first=%.1f ms second=%.1f ms%n",
                runtime, n, (t1 - t0) / 1e6, (t3 - t2) / 1e6);
    }
}
