import io.spirefy.pluginengine.api.HookInfo;
import io.spirefy.pluginengine.api.PluginEngine;
import io.spirefy.pluginengine.bench.Guests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The parts of a CallHook, anchor with 10 hooks, inline on one thread, its CPU time: {@code InDecomp [rounds]}. */
public class InDecomp {
    public static void main(String[] a) throws Exception {
        int rounds = a.length > 0 ? Integer.parseInt(a[0]) : 30;
        ProbeKit.onProbeThread(() -> run(rounds));
    }

    static void run(int rounds) throws Exception {
        byte[] payload = Guests.payload(64);
        PluginEngine e = ProbeKit.anchorEngine(10);
        Map<String, Supplier<Object>> ops = new LinkedHashMap<>();
        for (String f : new String[]{"list_refs", "abi", "noop", "run_refs", "run_refs_shared"}) {
            ops.put(f, () -> e.call(ProbeKit.ANCHOR, f, payload));
        }
        ops.put("java", () -> {
            byte[] last = null;
            for (HookInfo h : e.hooks("bench.anchor")) last = e.callHook(h.ref(), payload);
            return last;
        });
        for (int w = 0; w < 10; w++) for (var op : ops.values()) ProbeKit.slice(op, 100);
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (var op : ops.entrySet()) times.computeIfAbsent(op.getKey(), k -> new ArrayList<>()).add(ProbeKit.slice(op.getValue(), 50));
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (var t : times.entrySet()) {
            m.put(t.getKey(), ProbeKit.q(t.getValue(), .5));
            System.out.printf("%-16s median %.3f us (q1 %.3f q3 %.3f)%n", t.getKey(), ProbeKit.q(t.getValue(), .5),
                    ProbeKit.q(t.getValue(), .25), ProbeKit.q(t.getValue(), .75));
        }
        // Per CallHook, in ns: operations on 10 hooks, in us, times 100.
        System.out.printf("per CallHook (ns): guest's ref+payload blocks %.0f | a host call %.0f | whole CallHook %.0f | Java call %.0f"
                        + " | overhead %.0f | ratio run_refs/java %.2f%n",
                (m.get("abi") - m.get("list_refs")) * 100, (m.get("noop") - m.get("abi")) * 100, (m.get("run_refs") - m.get("list_refs")) * 100,
                m.get("java") * 100, (m.get("run_refs") - m.get("list_refs") - m.get("java")) * 100, m.get("run_refs") / m.get("java"));
        System.out.printf("one payload block for all hooks: whole CallHook %.0f ns | overhead %.0f | ratio %.2f%n",
                (m.get("run_refs_shared") - m.get("list_refs")) * 100, (m.get("run_refs_shared") - m.get("list_refs") - m.get("java")) * 100,
                m.get("run_refs_shared") / m.get("java"));
        e.close();
    }
}
