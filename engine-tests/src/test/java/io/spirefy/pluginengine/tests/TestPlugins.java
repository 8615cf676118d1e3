package io.spirefy.pluginengine.tests;

import java.nio.file.Files;
import java.nio.file.Path;

/** The archives scripts/build-guests made from engine-tests/src/test/guests in generate-test-resources. */
final class TestPlugins {

    private TestPlugins() {
    }

    static Path dir() {
        String dir = System.getProperty("pluginengine.testPlugins");
        if (dir == null) throw new IllegalStateException("system property pluginengine.testPlugins is not set (run through Maven)");
        return Path.of(dir);
    }

    /** The archive of one guest, e.g. {@code anchor-host} -> {@code anchor-host.tar.gz}. */
    static Path archive(String name) {
        Path tgz = dir().resolve(name + ".tar.gz");
        if (Files.exists(tgz)) return tgz;
        Path zip = dir().resolve(name + ".zip");
        if (Files.exists(zip)) return zip;
        throw new IllegalStateException("no archive for guest " + name + " in " + dir());
    }
}
