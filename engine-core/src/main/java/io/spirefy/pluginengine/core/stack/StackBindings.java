package io.spirefy.pluginengine.core.stack;

/**
 * Picks how {@link StackProbe} reaches the C library: on JDK 17-21 (this class) through JNA, when
 * the host has it on the class or module path (the extism runtime brings it); the JDK 22+ version
 * of this class uses the foreign-function API instead.
 */
final class StackBindings {

    private StackBindings() {
    }

    /**
     * @return the calls
     * @throws UnsupportedOperationException saying why there are none here
     */
    static StackCalls load() {
        try {
            return new JnaStackCalls();
        } catch (NoClassDefFoundError e) {
            throw new UnsupportedOperationException("JNA is not on the class or module path (" + e.getMessage() + "); on JDK 22+"
                    + " the engine uses the foreign-function API instead");
        } catch (LinkageError e) {
            // JNA is there but its native part would not load (a noexec temporary folder, another
            // platform) or the C library lacks a function (gettid: glibc 2.30+).
            throw new UnsupportedOperationException("JNA could not bind the C library (" + e + ")");
        }
    }
}
