package io.spirefy.pluginengine.runtime.extism.internal;

/**
 * Every call the runtime makes into libextism (and the two into the C library), with pointers as
 * {@code long} addresses: the seam between the runtime and how it reaches native code. Two
 * implementations: {@link JnaCalls} (JNA direct mapping, any JDK 17+) and, on JDK 22+, one on the
 * JDK's foreign-function API, which cheapens every downcall and above all every host-function
 * upcall (docs/PERFORMANCE.md, "The foreign-function path"). {@link Bindings} picks one when the
 * class loads; the multi-release jar holds the JDK 22 version of that choice.
 *
 * <p>Public only because the runtime's own package calls it; the package is not exported, so no
 * host sees it. Exact C types as in {@link LibExtism}; libextism runs on 64-bit targets only,
 * where a C pointer travels like a {@code long}.
 */
public interface ExtismCalls {

    /** {@value #JNA} or {@value #FFM}: which binding this is (logs, tests, benchmarks). */
    String name();

    String JNA = "jna";
    String FFM = "ffm";

    /**
     * Loads libextism from {@code file}, or by name from the system library path when null, and
     * returns {@code extism_version()}. Called once, before any other libextism function.
     */
    String load(java.nio.file.Path file);

    // --- native memory ---------------------------------------------------------------------

    /** {@code size} bytes of native memory, freed by {@link NativeBytes#close()} or once unreachable. */
    NativeBytes allocate(long size);

    int getInt(long address);

    long getLong(long address);

    void putInt(long address, int value);

    void putLong(long address, long value);

    /** Copies {@code length} bytes at {@code address} into {@code into[0..length)}. */
    void copyOut(long address, byte[] into, int length);

    /** Copies {@code from} to {@code address}. */
    void copyIn(byte[] from, long address);

    /** The NUL-terminated UTF-8 string at {@code address}, null for 0. */
    String string(long address);

    // --- libextism, compile and instantiate (cold) ---------------------------------------------

    /**
     * {@code extism_function_new} with the host function {@code slot} behind it: libextism's calls of
     * the function reach {@code entry.call(slot, ...)}. Returns the function's address (0 when
     * refused) and what must stay reachable for as long as any plugin may call it.
     */
    HostFunctionHandle functionNew(byte[] name, int[] params, int[] results, int slot, HostEntry entry);

    void functionSetNamespace(long function, byte[] namespace);

    void functionFree(long function);

    /** {@code extism_compiled_plugin_new}; 0 on failure, with libextism's reason in {@code error[0]} (null without one). */
    long compiledPluginNew(byte[] manifest, long[] functions, boolean withWasi, String[] error);

    void compiledPluginFree(long compiled);

    /** {@code extism_plugin_new_from_compiled}; 0 on failure, with the reason in {@code error[0]}. */
    long pluginNewFromCompiled(long compiled, String[] error);

    void pluginFree(long plugin);

    long pluginCancelHandle(long plugin);

    boolean pluginCancel(long cancelHandle);

    /** {@code extism_plugin_error} as a string, null without one. */
    String pluginError(long plugin);

    // --- libextism, per call (hot) ---------------------------------------------------------------

    int pluginCall(long plugin, long name, long data, long dataLength, long hostContext);

    long pluginOutputLength(long plugin);

    long pluginOutputData(long plugin);

    long currentPluginHostContext(long currentPlugin);

    long currentPluginMemory(long currentPlugin);

    long currentPluginMemoryAlloc(long currentPlugin, long n);

    long currentPluginMemoryLength(long currentPlugin, long offset);

    // --- the C library ---------------------------------------------------------------------------

    /** {@code setenv} (Windows: {@code SetEnvironmentVariableW}); throws {@link IllegalStateException} when it fails. */
    void setenv(String name, String value, boolean overwrite);

    /** {@code sched_setscheduler(tid, policy, {0})} (Linux); throws {@link IllegalStateException} when it fails. */
    void schedSetscheduler(int tid, int policy);

    /** {@code sched_getcpu()} (Linux): the core the calling thread runs on, or -1 when it cannot tell. */
    int currentCpu();

    /** {@code sched_setaffinity(tid, ...)} to the one core {@code cpu} (Linux); throws {@link IllegalStateException} when it fails. */
    void pinThread(int tid, int cpu);
}
