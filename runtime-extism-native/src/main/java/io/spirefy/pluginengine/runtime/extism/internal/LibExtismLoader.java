package io.spirefy.pluginengine.runtime.extism.internal;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds and loads libextism once per class loader. The order, first hit wins:
 * <ol>
 *   <li>system property {@value #PATH_PROPERTY}: the library file, or a folder holding it;</li>
 *   <li>environment variable {@value #PATH_ENV}: the same;</li>
 *   <li>the {@code libextism-<platform>} artifact on the class or module path, when its library has
 *       the SHA-256 this runtime was built with: loaded from a verified copy in a private per-user
 *       cache folder ({@link LibExtismArtifact});</li>
 *   <li>the folders of {@code jna.library.path};</li>
 *   <li>the system library path ({@code libextism.so} by name).</li>
 * </ol>
 * Only places the host or the user named, or the system's own: never the working directory or
 * its parents, since anyone who can write to one of those would choose the code the JVM loads.
 * The file found is loaded by its absolute path, and {@code jna.library.path} is left as the host
 * set it: since the Extism Java SDK is no longer used, nothing else needs to find the file there.
 */
public final class LibExtismLoader {

    public static final String PATH_PROPERTY = "pluginengine.libextism.path";
    public static final String PATH_ENV = "PLUGINENGINE_LIBEXTISM";
    static final String FILE_NAME = System.mapLibraryName("extism");

    /**
     * The library, through the binding that reaches it ({@link ExtismCalls#name()}), where it came
     * from and its version; or why there is none.
     */
    public record Result(ExtismCalls lib, String location, String version, String problem) {
        public boolean available() { return lib != null; }
    }

    /**
     * The binding this class loader uses ({@link Bindings}): {@value ExtismCalls#FFM} on JDK 22+
     * unless system property {@value Bindings#PROPERTY} is {@code jna}, else {@value ExtismCalls#JNA}.
     */
    public static ExtismCalls binding() {
        return Bindings.ACTIVE;
    }

    /** The system property that forces JNA on JDK 22+. */
    public static final String BINDING_PROPERTY = Bindings.PROPERTY;

    private static volatile Result result;

    private LibExtismLoader() {}

    public static Result get() {
        Result r = result;
        if (r == null) {
            synchronized (LibExtismLoader.class) {
                r = result;
                if (r == null) result = r = load();
            }
        }
        return r;
    }

    private static Result load() {
        RustBacktraces.offUnlessTheHostChose();
        List<String> looked = new ArrayList<>();
        Optional<Path> file = find(looked);
        try {
            ExtismCalls lib = Bindings.ACTIVE;
            String location;
            String version;
            if (file.isPresent()) {
                Path f = file.get().toAbsolutePath();
                version = lib.load(f);
                location = f.toString();
            } else {
                looked.add("the system library path");
                version = lib.load(null);
                location = "system library path (" + FILE_NAME + ")";
            }
            return new Result(lib, location, version, null);
        } catch (IllegalCallerException e) {
            // JDK 22+ with native access denied (--illegal-native-access=deny): the library is
            // fine, the JVM's options are not.
            Module self = LibExtismLoader.class.getModule();
            return new Result(null, null, null, "The native Extism library " + FILE_NAME + " may not be loaded: "
                    + e.getMessage() + ". Grant native access with --enable-native-access="
                    + (self.isNamed() ? self.getName() : "ALL-UNNAMED") + " (README, \"Native access\").");
        } catch (LinkageError | RuntimeException e) {
            // UnsatisfiedLinkError (missing or wrong library), NoClassDefFoundError (no JNA)...
            // JNA's message lists every path it tried, over many lines: keep the first.
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceAll(":\\s*$", "");
            return new Result(null, null, null,
                    "The native Extism library " + FILE_NAME + " could not be loaded (looked at "
                            + String.join(", ", looked) + "; " + why + "): point the system property "
                            + PATH_PROPERTY + " or the environment variable " + PATH_ENV + " at the library file or"
                            + " its folder, or add the dependency io.spirefy.pluginengine:libextism-linux-x86_64 (in a clone of the"
                            + " project, scripts/install-libextism puts one in .libextism/).");
        }
    }

    private static Optional<Path> find(List<String> looked) {
        String property = System.getProperty(PATH_PROPERTY);
        if (property != null && !property.isBlank()) {
            looked.add(PATH_PROPERTY + "=" + property);
            Optional<Path> p = fileOrFolder(Paths.get(property));
            if (p.isPresent()) return p;
        }
        String env = System.getenv(PATH_ENV);
        if (env != null && !env.isBlank()) {
            looked.add(PATH_ENV + "=" + env);
            Optional<Path> p = fileOrFolder(Paths.get(env));
            if (p.isPresent()) return p;
        }
        Optional<LibExtismArtifact> artifact = LibExtismArtifact.forThisPlatform();
        if (artifact.isPresent()) {
            Optional<URL> resource = artifact.get().resource();
            if (resource.isEmpty()) {
                looked.add("no " + artifact.get().describe());
            } else {
                try {
                    return Optional.of(artifact.get().extract(resource.get()));
                } catch (IOException | RuntimeException e) {
                    // Refused (not private, wrong digest...): said in the problem, and the search goes on.
                    looked.add(artifact.get().describe() + " refused: " + e.getMessage());
                }
            }
        }
        String jna = System.getProperty("jna.library.path");
        if (jna != null && !jna.isBlank()) {
            looked.add("jna.library.path=" + jna);
            for (String dir : jna.split(File.pathSeparator)) {
                if (dir.isBlank()) continue;
                Path f = Paths.get(dir).resolve(FILE_NAME);
                if (Files.isRegularFile(f)) return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> fileOrFolder(Path p) {
        if (Files.isRegularFile(p)) return Optional.of(p);
        Path f = p.resolve(FILE_NAME);
        return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
    }
}
