package io.spirefy.pluginengine.runtime.extism.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** Sets and removes variables of this process's native environment, for tests of what libextism reads there (POSIX only). */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        int unsetenv(String name);

        String getenv(String name);
    }

    private static final LibC LIBC = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

    /** The variable as native code sees it now (not the JVM's copy taken at start), or null. */
    public static String get(String name) {
        return LIBC.getenv(name);
    }

    /** Sets {@code name}, or removes it when {@code value} is null. */
    public static void set(String name, String value) {
        int rc = value == null ? LIBC.unsetenv(name) : LIBC.setenv(name, value, 1);
        if (rc != 0) throw new IllegalStateException("could not change " + name);
    }
}
