package io.spirefy.pluginengine.core.stack;

import java.util.Optional;

/**
 * Picks how {@link StackProbe} reaches the C library: on JDK 22+ (this version of the class, in
 * the multi-release jar's {@code META-INF/versions/22}) through the foreign-function API, and only
 * where the host grants the engine native access, so that the JDK never prints a warning on the
 * probe's account. No JNA here, whether the host has it or not: one way per JDK, predictable.
 */
final class StackBindings {

    private StackBindings() {
    }

    /**
     * @return the calls
     * @throws UnsupportedOperationException saying why there are none here
     */
    static StackCalls load() {
        Module module = StackBindings.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            throw new UnsupportedOperationException("the engine has no native access (--enable-native-access="
                    + Optional.ofNullable(module.getName()).orElse("ALL-UNNAMED") + ")");
        }
        return new FfmStackCalls();
    }
}
