package io.spirefy.pluginengine.runtime.extism.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.WString;

/**
 * Sets a variable in the process's own environment, where native code reads it ({@code getenv}):
 * {@link System#getenv()} is a copy taken at JVM start that Java cannot change.
 *
 * <p>Not safe against a native thread reading the environment at the same moment (glibc's
 * {@code setenv} and {@code getenv} take no common lock); callers change a variable only while
 * nothing that reads it runs ({@link WasmtimeCache}).
 */
final class ProcessEnvironment {

    private ProcessEnvironment() {
    }

    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    interface Kernel32 extends Library {
        boolean SetEnvironmentVariableW(WString name, WString value);
    }

    private static final class Holder {
        static final Object LIB = Platform.isWindows()
                ? Native.load("kernel32", Kernel32.class)
                : Native.load(Platform.C_LIBRARY_NAME, LibC.class);
    }

    /** Sets {@code name} to {@code value} unless the process already has it (native view, not the JVM's copy). */
    static void setIfAbsent(String name, String value) {
        if (Holder.LIB instanceof LibC c) {
            if (c.setenv(name, value, 0) != 0) {
                throw new IllegalStateException("could not set environment variable " + name + " (errno " + Native.getLastError() + ")");
            }
        } else if (System.getenv(name) == null) {
            set(name, value);
        }
    }

    /** Sets {@code name} to {@code value} (an empty string is a value, not a removal). */
    static void set(String name, String value) {
        if (Holder.LIB instanceof Kernel32 k) {
            if (!k.SetEnvironmentVariableW(new WString(name), new WString(value))) {
                throw new IllegalStateException("could not set environment variable " + name + " (error " + Native.getLastError() + ")");
            }
        } else if (((LibC) Holder.LIB).setenv(name, value, 1) != 0) {
            throw new IllegalStateException("could not set environment variable " + name + " (errno " + Native.getLastError() + ")");
        }
    }
}
