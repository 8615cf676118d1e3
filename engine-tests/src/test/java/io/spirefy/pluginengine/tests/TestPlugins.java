package io.spirefy.pluginengine.tests;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The archives scripts/build-guests made from engine-tests/src/test/guests in generate-test-resources,
 * and those scripts/build-examples made from src/test/guests-go and src/test/guests-as.
 */
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

    /** A Go test plugin scripts/build-examples made from src/test/guests-go, e.g. {@code hooks-go}. */
    static Path goGuest(String name) {
        return built("pluginengine.goGuests", name);
    }

    /** An AssemblyScript test plugin scripts/build-examples made from src/test/guests-as, e.g. {@code hooks-as}. */
    static Path asGuest(String name) {
        return built("pluginengine.asGuests", name);
    }

    private static Path built(String property, String name) {
        String dir = System.getProperty(property);
        if (dir == null) throw new IllegalStateException("system property " + property + " is not set (run through Maven)");
        return Path.of(dir).resolve(name + ".tar.gz");
    }
}
