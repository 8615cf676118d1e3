package io.spirefy.pluginengine.core.resolve;

import io.spirefy.pluginengine.api.plugin.Version;

import java.util.Objects;

/**
 * A declaration of an anchor or event id by a plugin that does not own that id (contract
 * section 3). The declaration is not used. Kept as data so that the engine finds the losing
 * plugin by its ref instead of reading it back out of the message.
 *
 * @param kind    what was declared
 * @param id      the anchor or event id
 * @param version the version the losing plugin declared it as
 * @param loser   {@code id@version} of the plugin whose declaration is not used
 * @param winner  {@code id@version} of the owner's declaration it lost to (the earliest loaded)
 * @param owner   the plugin id that owns {@code id}
 */
public record Conflict(TargetKind kind, String id, Version version, String loser, String winner, String owner) {

    public Conflict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(loser, "loser");
        Objects.requireNonNull(winner, "winner");
        Objects.requireNonNull(owner, "owner");
    }

    /** For people: names both plugins and says which declaration is not used. */
    public String message() {
        return kind.word() + " " + id + " " + version + " declared by " + loser + " conflicts with its declaration by "
                + winner + ": the id is owned by " + owner + ", so the declaration of " + loser + " is not used";
    }
}
