import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.bench.Guests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * One CallHook (the probe's k_callhook: the same ref and payload blocks each time, the answer freed)
 * against one callHook from Java, inline on one thread, its CPU time: {@code InProbe [rounds]}.
 */
public class InProbe {
    public static void main(String[] a) throws Exception {
        int rounds = a.length > 0 ? Integer.parseInt(a[0]) : 30;
        ProbeKit.onProbeThread(() -> run(rounds));
    }

    static void run(int rounds) throws Exception {
        PluginEngine e = ProbeKit.anchorEngine(1);
        String ref = e.hooks("bench.anchor").get(0).ref();
        byte[] payload = Guests.payload(64);
        int n = 50;
        byte[] zero = "0".getBytes(StandardCharsets.US_ASCII), many = Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
        Supplier<Object> none = () -> e.call(ProbeKit.ANCHOR, "k_callhook", zero);
        Supplier<Object> some = () -> e.call(ProbeKit.ANCHOR, "k_callhook", many);
        Supplier<Object> java = () -> {
            byte[] last = null;
            for (int i = 0; i < n; i++) last = e.callHook(ref, payload);
            return last;
        };
        for (int w = 0; w < 10; w++) {
            ProbeKit.slice(none, 100);
            ProbeKit.slice(some, 100);
            ProbeKit.slice(java, 100);
        }
        List<Double> viaCallHook = new ArrayList<>(), fromJava = new ArrayList<>(), overhead = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double c = (ProbeKit.slice(some, 50) - ProbeKit.slice(none, 50)) / n * 1000;
            double j = ProbeKit.slice(java, 50) / n * 1000;
            viaCallHook.add(c);
            fromJava.add(j);
            overhead.add(c - j);
        }
        System.out.printf("CallHook median %.0f ns (min %.0f); from Java median %.0f ns (min %.0f); overhead median %.0f ns (q1 %.0f q3 %.0f)%n",
                ProbeKit.q(viaCallHook, .5), Collections.min(viaCallHook), ProbeKit.q(fromJava, .5), Collections.min(fromJava),
                ProbeKit.q(overhead, .5), ProbeKit.q(overhead, .25), ProbeKit.q(overhead, .75));
        e.close();
    }
}
