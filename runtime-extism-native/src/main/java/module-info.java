/**
 * A native {@link io.spirefy.pluginengine.api.spi.WasmRuntime} on libextism (wasmtime), named
 * {@code extism}: a host picks it with {@code PluginEngine.Builder.runtime("extism")}, since the
 * pure-JVM {@code chicory} runtime is preferred when both are present. Exports nothing; the engine
 * finds it through {@link java.util.ServiceLoader}.
 *
 * <p>It needs the native library at run time, not included in this artifact. It is looked for
 * once, in this order, the first hit winning:
 * <ol>
 *   <li>system property {@code pluginengine.libextism.path}: the library file or its folder;</li>
 *   <li>environment variable {@code PLUGINENGINE_LIBEXTISM}: the same;</li>
 *   <li>the artifact {@code io.spirefy.pluginengine:libextism-linux-x86_64} (module
 *       {@code io.spirefy.pluginengine.libextism.linux.x86_64}) on the class or module path: its
 *       library is used only if it has the SHA-256 this runtime was built with, and is loaded from
 *       a copy in a cache folder private to the user ({@code $XDG_CACHE_HOME/pluginengine/libextism},
 *       else {@code ~/.cache/pluginengine/libextism}, or the absolute path in the system property
 *       {@code pluginengine.libextism.cache}): the file is named by that digest, written atomically,
 *       owner-only, and hashed again before every load; a copy that changed is replaced, a folder
 *       others can write is refused;</li>
 *   <li>the folders in {@code jna.library.path};</li>
 *   <li>the system library path.</li>
 * </ol>
 * Never the working directory or its parents: whoever can write there would choose the code the
 * JVM loads. Without a library, the engine's {@code start()} reports why, naming the property,
 * the variable and the artifact.
 *
 * <p>On JDK 17-21 it calls libextism through JNA. On JDK 22+ (this multi-release jar's
 * {@code META-INF/versions/22}) it uses the JDK's foreign-function API instead, unless system
 * property {@code pluginengine.extism.binding=jna}: grant this module native access,
 * {@code --enable-native-access=io.spirefy.pluginengine.runtime.extism} ({@code ALL-UNNAMED} on the
 * class path), or the JDK warns once, and refuses where native access is denied.
 */

module io.spirefy.pluginengine.runtime.extism {
    requires io.spirefy.pluginengine.api;
    // JNA calls into libextism and back into our host-function trampolines (JDK 17-21, and on
    // request on 22+, where the foreign-function API of java.base does it otherwise).
    requires com.sun.jna;

    // JNA reflects on our binding interface and calls our callbacks.
    opens io.spirefy.pluginengine.runtime.extism.internal to com.sun.jna;

    provides io.spirefy.pluginengine.api.spi.WasmRuntime
            with io.spirefy.pluginengine.runtime.extism.ExtismNativeRuntime;
}
