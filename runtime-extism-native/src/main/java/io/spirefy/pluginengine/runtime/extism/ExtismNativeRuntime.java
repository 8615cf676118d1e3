package io.spirefy.pluginengine.runtime.extism;

import io.spirefy.pluginengine.api.CodeCache;
import io.spirefy.pluginengine.api.spi.ModuleSpec;
import io.spirefy.pluginengine.api.spi.WasmException;
import io.spirefy.pluginengine.api.spi.WasmModule;
import io.spirefy.pluginengine.api.spi.WasmRuntime;
import io.spirefy.pluginengine.runtime.extism.internal.LibExtismLoader;
import io.spirefy.pluginengine.runtime.extism.internal.WasmtimeCache;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code extism} runtime: Extism plugins on the native libextism (wasmtime, compiled to
 * machine code), called through JNA.
 *
 * <h2>Finding libextism</h2>
 * The library is looked for once, in this order, the first hit winning:
 * <ol>
 *   <li>system property {@code pluginengine.libextism.path}: the library file or its folder;</li>
 *   <li>environment variable {@code PLUGINENGINE_LIBEXTISM}: the same;</li>
 *   <li>the folders in {@code jna.library.path};</li>
 *   <li>the system library path.</li>
 * </ol>
 * Never the working directory or its parents: whoever can write there would choose the code the
 * JVM loads. When nothing loads,

 * {@link #unavailableReason()} says so in one sentence naming the script, the property and the
 * environment variable; no {@link UnsatisfiedLinkError} ever escapes.
 *
 * <h2>Priority</h2>
 * {@value #PRIORITY}, below the pure-JVM Chicory runtime (100), which is the default because it
 * always works: no native library to install, nothing that can crash the JVM. A host that wants
 * native speed picks this runtime by its name, {@code extism}.
 */
public final class ExtismNativeRuntime implements WasmRuntime {

    /** The name a host picks this runtime by. */
    public static final String NAME = "extism";

    static final int PRIORITY = 50;

    /** This runtime's subfolder of a {@link CodeCache}'s folder. */
    public static final String CACHE_SUBFOLDER = NAME;

    /** libextism's compiled-code cache for the compiles of this runtime object: off until {@link #useCodeCache}. */
    private volatile String cacheSetting = WasmtimeCache.OFF;

    /**
     * The Java thread stack to give a thread that makes one call into this runtime, so that a
     * guest recursing until wasmtime stops it gets a clean trap ("call stack exhausted"), its host
     * functions still run at the deepest point, and the JVM does not crash. One libextism entry
     * takes wasmtime's own allowance (512 KiB of wasm stack) on top of the thread's current depth,
     * so a thread must never carry two entries of ours (a nested call on the same thread); the
     * engine gives every nested call a thread of its own of this size. Measured need on x86_64
     * Linux with JDK 17: see {@code NativeStackNeedTest} (about 600 KiB); this leaves room.
     */
    public static final long CALL_THREAD_STACK_BYTES = 1024 * 1024;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(LibExtismLoader.get().problem());
    }

    /** Where libextism was loaded from and its version, e.g. for a host's diagnostics. */
    public Optional<String> libraryDescription() {
        LibExtismLoader.Result r = LibExtismLoader.get();
        return r.available() ? Optional.of("libextism " + r.version() + " from " + r.location()) : Optional.empty();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when libextism is not available ({@link #unavailableReason()})
     */
    @Override
    public WasmModule compile(ModuleSpec spec) throws WasmException {
        LibExtismLoader.Result r = LibExtismLoader.get();
        if (!r.available()) throw new IllegalStateException(r.problem());
        return ExtismModule.compile(r.lib(), spec, cacheSetting);
    }

    /**
     * {@inheritDoc}
     *
     * <p>libextism keeps its own cache (wasmtime's), which this runtime points at
     * {@code <folder>/extism/}: the configuration file {@code wasmtime-cache.toml} and wasmtime's
     * files under {@code wasmtime/}. Without this call the runtime switches libextism's cache off
     * (libextism's own default would be wasmtime's per-user folder, {@code ~/.cache/wasmtime}).
     * Wasmtime's entries carry no authentication code: whoever can write that folder can choose
     * the machine code this process runs (docs/SECURITY.md); the folder is made owner-only.
     */
    @Override
    public void useCodeCache(CodeCache cache, Consumer<String> warnings) {
        try {
            cacheSetting = WasmtimeCache.configure(cache.folder().resolve(CACHE_SUBFOLDER));
        } catch (IOException | RuntimeException e) {
            warnings.accept("libextism's compiled-code cache is off: " + cache.folder().resolve(CACHE_SUBFOLDER)
                    + " cannot be prepared (" + e + ")");
            cacheSetting = WasmtimeCache.OFF;
        }
    }
}
