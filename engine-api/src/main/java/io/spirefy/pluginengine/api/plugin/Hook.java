package io.spirefy.pluginengine.api.plugin;

import java.util.List;
import java.util.Objects;

/**
 * A plugin's contribution to an anchor: an exported function called with the anchor's payload.
 *
 * @param id            unique within the plugin
 * @param anchorId      the anchor this hook contributes to
 * @param anchorVersion the anchor version the hook was written against, or {@code null}: with a
 *                      version the hook resolves only within that MAJOR.MINOR; without, to the
 *                      highest version its dependencies allow
 * @param func          the exported function
 * @param order         lower runs first; ties are broken by plugin id, plugin version, declaration order
 * @param name          a display name, or {@code null}
 * @param description   free text, or {@code null}
 * @param metadata      any value from the manifest, handed to the anchor as is, or {@code null}
 * @param dependencies  plugins this hook needs; a dependency on the anchor's plugin also bounds
 *                      which anchor versions it may resolve to
 */
public record Hook(String id, String anchorId, Version anchorVersion, String func, int order,
                   String name, String description, Object metadata, List<Dependency> dependencies) {

    /**
     * Checks what resolution and calls need, and copies the dependencies.
     *
     * @param id            unique within the plugin
     * @param anchorId      the anchor this hook contributes to
     * @param anchorVersion the anchor version the hook was written against, or {@code null}: with a
     *                      version the hook resolves only within that MAJOR.MINOR; without, to the
     *                      highest version its dependencies allow
     * @param func          the exported function
     * @param order         lower runs first; ties are broken by plugin id, plugin version, declaration order
     * @param name          a display name, or {@code null}
     * @param description   free text, or {@code null}
     * @param metadata      any value from the manifest, handed to the anchor as is, or {@code null}
     * @param dependencies  plugins this hook needs; a dependency on the anchor's plugin also bounds
     *                      which anchor versions it may resolve to
     * @throws NullPointerException without an id, an anchor id or a function
     */
    public Hook {
        Objects.requireNonNull(id, "hook id");
        Objects.requireNonNull(anchorId, "hook anchorId");
        Objects.requireNonNull(func, "hook func");
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    }

    /**
     * A hook with only what resolution needs: for tests and for formats without display fields.
     *
     * @param id            unique within the plugin
     * @param anchorId      the anchor this hook contributes to
     * @param anchorVersion the anchor version written against, or {@code null}
     * @param func          the exported function
     * @param order         lower runs first
     * @return the hook, without name, description, metadata or dependencies
     */

    public static Hook of(String id, String anchorId, Version anchorVersion, String func, int order) {
        return new Hook(id, anchorId, anchorVersion, func, order, null, null, null, List.of());
    }
}
