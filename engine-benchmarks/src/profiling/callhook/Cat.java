import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares of a JFR recording's execution samples by category: {@code Cat file.jfr threadName
 * 'label=A&B,label=X>Y,...'}. A sample of a thread whose name contains {@code threadName} goes to
 * the first rule all of whose conditions hold: {@code A} a frame whose {@code Class.method} contains
 * A, {@code !A} none such, {@code X>Y} a frame matching Y above (called from) one matching X.
 */
public class Cat {
    public static void main(String[] a) throws Exception {
        String[] rules = a[2].split(",");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String r : rules) counts.put(r.split("=")[0], 0L);
        counts.put("other", 0L);
        long total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(a[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) continue;
            RecordedThread t = e.getThread("sampledThread");
            if (t == null || !t.getJavaName().contains(a[1])) continue;
            List<String> rootFirst = new ArrayList<>();
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                String type = f.getMethod().getType().getName();
                rootFirst.add(0, type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName());
            }
            total++;
            String category = "other";
            for (String r : rules) {
                String[] labelAndConditions = r.split("=");
                if (holds(labelAndConditions[1], rootFirst)) {
                    category = labelAndConditions[0];
                    break;
                }
            }
            counts.merge(category, 1L, Long::sum);
        }
        System.out.println("samples " + total);
        for (var c : counts.entrySet()) System.out.printf("%6.2f%% %7d %s%n", 100.0 * c.getValue() / total, c.getValue(), c.getKey());
    }

    private static boolean holds(String conditions, List<String> rootFirst) {
        for (String condition : conditions.split("&")) {
            boolean negated = condition.startsWith("!");
            if (calledInOrder(negated ? condition.substring(1) : condition, rootFirst) == negated) return false;
        }
        return true;
    }

    /** Whether frames matching each part of {@code chain} (split at '>') appear in that order, root first. */
    private static boolean calledInOrder(String chain, List<String> rootFirst) {
        int from = 0;
        for (String part : chain.split(">")) {
            int found = -1;
            for (int k = from; k < rootFirst.size() && found < 0; k++) {
                if (rootFirst.get(k).contains(part)) found = k;
            }
            if (found < 0) return false;
            from = found + 1;
        }
        return true;
    }
}
