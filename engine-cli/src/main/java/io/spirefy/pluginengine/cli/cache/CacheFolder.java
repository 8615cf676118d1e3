package io.spirefy.pluginengine.cli.cache;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CLI keeps compiled code unless told otherwise: {@code $XDG_CACHE_HOME/plugin-engine},
 * else {@code ~/.cache/plugin-engine} (the XDG base directory rules: a relative
 * {@code XDG_CACHE_HOME} is ignored).
 */
public final class CacheFolder {

    /** The name of the CLI's folder inside the user's cache folder. */
    public static final String NAME = "plugin-engine";

    private CacheFolder() {
    }

    /** The default folder for this process. */
    public static Optional<Path> byDefault() {
        return byDefault(System.getenv(), System.getProperty("user.home"));
    }

    /** The default folder given an environment and a home folder; empty when neither names an absolute folder. */
    public static Optional<Path> byDefault(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Optional.of(Path.of(xdg, NAME));
        if (userHome != null && !userHome.isBlank() && Path.of(userHome).isAbsolute()) {
            return Optional.of(Path.of(userHome, ".cache", NAME));
        }
        return Optional.empty();
    }
}
