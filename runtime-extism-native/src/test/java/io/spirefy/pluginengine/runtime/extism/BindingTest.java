package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.runtime.extism.internal.ExtismCalls;
import io.spirefy.pluginengine.runtime.extism.internal.LibExtismLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which binding reaches libextism on the JDK running the tests: JNA on JDK 17-21, the JDK's
 * foreign-function API on 22+ unless {@code pluginengine.extism.binding=jna} forces JNA. The build
 * runs the suite on both (surefire on the build's JDK 17, failsafe on a JDK 22+ against the
 * multi-release jar), so this fails if the FFM path silently is not the one tested there.
 */
class BindingTest {

    private static String expected() {
        boolean forcedJna = "jna".equalsIgnoreCase(System.getProperty(LibExtismLoader.BINDING_PROPERTY, "").strip());
        return Runtime.version().feature() >= 22 && !forcedJna ? ExtismCalls.FFM : ExtismCalls.JNA;
    }

    @Test
    void theBindingIsTheOneForThisJdk() {
        assertThat(LibExtismLoader.binding().name()).isEqualTo(expected());
    }

    @Test
    void libextismIsLoadedAndCalledThroughIt() {
        NativeSupport.runtime(); // skips (or, where required, fails) without libextism
        assertThat(LibExtismLoader.get().lib()).isSameAs(LibExtismLoader.binding());
        assertThat(LibExtismLoader.get().lib().name()).isEqualTo(expected());
    }
}
