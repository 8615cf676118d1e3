package io.spirefy.pluginengine.tests;

/**
 * Lines an attack prints about what it measured; HostileTest copies the lines of each child JVM
 * that start with {@link #PREFIX} into its own output, so the figures reach the build log.
 */
final class Measured {

    static final String PREFIX = "measured: ";
    private static final int MAX_CHARS = 600;

    private Measured() {
    }

    /** One line, cut at {@link #MAX_CHARS}: runtime messages can carry a backtrace of thousands of frames. */
    static void print(String line) {
        String flat = line.replace("\n", " | ");
        System.out.println(PREFIX + (flat.length() > MAX_CHARS ? flat.substring(0, MAX_CHARS) + "..." : flat));
        System.out.flush();
    }
}
