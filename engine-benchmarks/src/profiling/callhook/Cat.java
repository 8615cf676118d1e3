import jdk.jfr.consumer.*;
import java.nio.file.*;
import java.util.*;
/** java Cat file.jfr thread label=frame,label=frame...  (first match wins, in order given) ; prints shares */
public class Cat {
    public static void main(String[] a) throws Exception {
        String[] rules = a[2].split(",");
        Map<String, Long> c = new LinkedHashMap<>();
        for (String r : rules) c.put(r.split("=")[0], 0L);
        c.put("other", 0L);
        long total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(a[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
            RecordedThread t = e.getThread("sampledThread");
            if (t == null || !t.getJavaName().contains(a[1])) continue;
            if (e.getStackTrace() == null) continue;
            Set<String> names = new HashSet<>();
            List<String> seq = new ArrayList<>();
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                String cn = f.getMethod().getType().getName();
                String nm = cn.substring(cn.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
                names.add(nm); seq.add(0, nm);
            }
            String joined = String.join("|", seq);
            total++;
            String cat = "other";
            for (String r : rules) {
                String[] kv = r.split("=");
                boolean all = true;
                for (String need : kv[1].split("&")) {
                    boolean neg = need.startsWith("!");
                    String n = neg ? need.substring(1) : need;
                    boolean has;
                    if (n.contains(">")) {
                        int at = 0; has = true;
                        for (String part : n.split(">")) { int i = -1; for (int k = at; k < seq.size(); k++) if (seq.get(k).contains(part)) { i = k; break; } if (i < 0) { has = false; break; } at = i + 1; }
                    } else has = names.stream().anyMatch(x -> x.contains(n));
                    if (has == neg) { all = false; break; }
                }
                if (all) { cat = kv[0]; break; }
            }
            c.merge(cat, 1L, Long::sum);
        }
        System.out.println("samples " + total);
        for (var x : c.entrySet()) System.out.printf("%6.2f%% %7d %s%n", 100.0 * x.getValue() / total, x.getValue(), x.getKey());
    }
}
