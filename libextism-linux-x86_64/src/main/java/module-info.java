/**
 * libextism for Linux x86_64, as a resource: {@code META-INF/native/linux-x86_64/libextism.so}.
 * No code: runtime-extism-native finds the resource through its class loader (a folder whose name
 * is not a package name is not encapsulated), checks its SHA-256 against the digest it was built
 * with, and loads a verified copy from a private per-user cache folder.
 *
 * <p>On the module path the module must be resolved, since nothing requires it: jlink it with
 * {@code --add-modules io.spirefy.pluginengine.libextism.linux.x86_64}, and run with the same
 * option; on the class path nothing is needed.
 */
module io.spirefy.pluginengine.libextism.linux.x86_64 {
}
