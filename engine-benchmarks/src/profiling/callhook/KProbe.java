import io.spirefy.pluginengine.api.PluginEngine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** One kernel call (or host call) from guest code: the probe's k_* exports with N and with 0: {@code KProbe [rounds]}. */
public class KProbe {
    public static void main(String[] a) throws Exception {
        int rounds = a.length > 0 ? Integer.parseInt(a[0]) : 30;
        ProbeKit.onProbeThread(() -> run(rounds));
    }

    static void run(int rounds) throws Exception {
        PluginEngine e = ProbeKit.anchorEngine(1);
        int n = 1000;
        byte[] zero = "0".getBytes(StandardCharsets.US_ASCII), many = Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
        for (String f : new String[]{"k_store", "k_allocfree", "k_lasterr"}) {
            Supplier<Object> none = () -> e.call(ProbeKit.ANCHOR, f, zero), some = () -> e.call(ProbeKit.ANCHOR, f, many);
            for (int w = 0; w < 6; w++) {
                ProbeKit.slice(none, 100);
                ProbeKit.slice(some, 100);
            }
            List<Double> each = new ArrayList<>();
            for (int r = 0; r < rounds; r++) each.add((ProbeKit.slice(some, 50) - ProbeKit.slice(none, 50)) / n * 1000);
            System.out.printf("%-12s median %.1f ns each (q1 %.1f q3 %.1f)%n", f, ProbeKit.q(each, .5), ProbeKit.q(each, .25), ProbeKit.q(each, .75));
        }
        e.close();
    }
}
