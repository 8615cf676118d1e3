package io.spirefy.pluginengine.runtime.extism.internal;

/**
 * Sets a variable in the process's own environment, where native code reads it ({@code getenv}):
 * {@link System#getenv()} is a copy taken at JVM start that Java cannot change.
 *
 * <p>Through the binding of libextism ({@link Bindings}), so that JNA's native part is not loaded
 * where the foreign-function API reaches libextism.
 *
 * <p>Not safe against a native thread reading the environment at the same moment (glibc's
 * {@code setenv} and {@code getenv} take no common lock); callers change a variable only while
 * nothing that reads it runs ({@link WasmtimeCache}).
 */
final class ProcessEnvironment {

    private ProcessEnvironment() {
    }

    /** Sets {@code name} to {@code value} unless the process already has it (native view, not the JVM's copy). */
    static void setIfAbsent(String name, String value) {
        Bindings.ACTIVE.setenv(name, value, false);
    }

    /** Sets {@code name} to {@code value} (an empty string is a value, not a removal). */
    static void set(String name, String value) {
        Bindings.ACTIVE.setenv(name, value, true);
    }
}
