package io.spirefy.pluginengine.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@linkplain PluginEngine#watch watched plugin folder} made the engine do, reported to
 * {@link EngineReporter#folderAction}: one per archive added, changed or removed.
 *
 * @param kind      what was done
 * @param file      the archive in the folder
 * @param pluginRef the plugin loaded, replaced (its new ref) or unloaded; {@code null} when nothing was loaded
 * @param detail    for {@link Kind#FAILED}, why; for {@link Kind#REPLACED}, the ref it replaced; else {@code null}
 */
public record FolderAction(Kind kind, Path file, String pluginRef, String detail) {

    /** What the watch did about one archive. */
    public enum Kind {
        /** A new archive, loaded. */
        LOADED,
        /** A changed archive, whose plugin was replaced by it. */
        REPLACED,
        /** A removed archive, whose plugin was unloaded. */
        UNLOADED,
        /** An archive that could not be loaded, or could not replace its plugin (which stays in place). */
        FAILED
    }

    /**
     * Checks the kind and the file.
     *
     * @param kind      what was done
     * @param file      the archive in the folder
     * @param pluginRef the plugin concerned, or {@code null}
     * @param detail    why, or what it replaced, or {@code null}
     * @throws NullPointerException without a kind or a file
     */
    public FolderAction {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(file, "file");
    }

    @Override
    public String toString() {
        return "plugin folder: " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + file.getFileName()
                + (pluginRef == null ? "" : " (" + pluginRef + ")") + (detail == null ? "" : ": " + detail);
    }
}
