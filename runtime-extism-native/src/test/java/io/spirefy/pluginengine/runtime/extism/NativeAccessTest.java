package io.spirefy.pluginengine.runtime.extism;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JDK 24+ (JEP 472): a JVM that denies native access ({@code --illegal-native-access=deny}, the
 * default a later JDK may take) makes the runtime unavailable, and its reason tells the host which
 * option grants it, instead of pointing at the library's location. Granted, it loads, and no
 * warning is printed.
 */
class NativeAccessTest {

    private static List<String> probe(String... options) throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 24, "--illegal-native-access exists from JDK 24");
        NativeSupport.runtime(); // needs libextism here (skips, or fails where required, without it)
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-cp", NativeStackNeedTest.classPath(),
                "-Dpluginengine.libextism.path=" + System.getProperty("pluginengine.libextism.path"),
                LookupProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().toList();
    }

    @Test
    void deniedNativeAccessIsReportedWithTheOptionThatGrantsIt() throws Exception {
        List<String> out = probe("--illegal-native-access=deny");
        assertThat(out.get(out.size() - 1)).startsWith("UNAVAILABLE").contains("--enable-native-access=");
    }

    @Test
    void grantedNativeAccessLoadsWithoutWarning() throws Exception {
        List<String> out = probe("--illegal-native-access=deny", "--enable-native-access=ALL-UNNAMED");
        assertThat(out.get(out.size() - 1)).isEqualTo("AVAILABLE");
        assertThat(out).noneMatch(line -> line.startsWith("WARNING"));
    }
}
