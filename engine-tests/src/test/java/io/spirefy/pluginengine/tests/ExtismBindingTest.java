package io.spirefy.pluginengine.tests;

import io.spirefy.pluginengine.runtime.extism.internal.ExtismCalls;
import io.spirefy.pluginengine.runtime.extism.internal.LibExtismLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extism runtime these tests run reaches libextism through the binding its JDK should get:
 * the foreign-function API on JDK 22+ (unless {@code pluginengine.extism.binding=jna}), JNA
 * before. Fails when the second run on a JDK 22+ tests JNA instead, e.g. because it was given
 * runtime-extism-native's classes folder or a jar without its {@code META-INF/versions/22}.
 */
class ExtismBindingTest {

    @Test
    void extismRunsThroughTheBindingOfThisJdk() {
        Runtimes.requireAvailable(Runtimes.EXTISM);
        boolean forcedJna = "jna".equalsIgnoreCase(System.getProperty(LibExtismLoader.BINDING_PROPERTY, "").strip());
        String expected = Runtime.version().feature() >= 22 && !forcedJna ? ExtismCalls.FFM : ExtismCalls.JNA;
        assertThat(LibExtismLoader.get().lib().name()).isEqualTo(expected);
    }
}
