package io.spirefy.pluginengine.tests;

/** A guest's archive repackaged as another version of the same plugin: what a publisher's upgrade looks like. */
final class GuestVersions {

    private GuestVersions() {
    }

    /** The guest's files as a zip whose manifest says {@code version} (only the top-level key). */
    static byte[] zip(String guest, String version) {
        GuestArchive archive = GuestArchive.of(guest);
        String manifest = archive.manifest();
        if (!manifest.matches("(?s)(.*\n)?version: .*")) throw new IllegalStateException("guest " + guest + " has no top-level version: " + manifest);
        return archive.toZip(manifest.replaceFirst("(?m)^version: .*$", "version: " + version)).build();
    }
}
