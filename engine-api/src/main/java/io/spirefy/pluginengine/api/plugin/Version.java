package io.spirefy.pluginengine.api.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version: {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}.
 *
 * <p>Ordering follows SemVer precedence: build metadata is ignored, a pre-release sorts before
 * its release, and pre-release identifiers compare numerically when numeric, else in ASCII order.
 * Equality agrees with ordering, so {@code 1.0.0+a} equals {@code 1.0.0+b}; {@link #toString()}
 * still gives the text as written.
 */
public final class Version implements Comparable<Version> {

    // The SemVer 2.0.0 grammar: no leading zeros in numeric parts, dot-separated identifiers.
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    private final long major;
    private final long minor;
    private final long patch;
    private final List<String> preRelease;
    private final String build;
    private final String text;

    private Version(long major, long minor, long patch, List<String> preRelease, String build, String text) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.preRelease = preRelease;
        this.build = build;
        this.text = text;
    }

    /**
     * Parses a SemVer 2.0.0 version.
     *
     * @param text the version as written, e.g. {@code 1.2.3} or {@code 2.0.0-rc.1+build.5}
     * @return the version; its {@link #toString()} gives {@code text} back
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static Version parse(String text) {
        Objects.requireNonNull(text, "version");
        Matcher m = SEMVER.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a SemVer 2.0.0 version"
                    + " (expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.2.3 or 2.0.0-rc.1)");
        }
        try {
            long major = Long.parseLong(m.group(1));
            long minor = Long.parseLong(m.group(2));
            long patch = Long.parseLong(m.group(3));
            List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
            return new Version(major, minor, patch, pre, m.group(5), text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a version number too large for this engine", e);
        }
    }

    /**
     * A release version {@code major.minor.patch}.
     *
     * @param major the major number, not negative
     * @param minor the minor number, not negative
     * @param patch the patch number, not negative
     * @return the version, without pre-release or build
     * @throws IllegalArgumentException when a number is negative
     */
    public static Version of(long major, long minor, long patch) {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers must not be negative");
        }
        return new Version(major, minor, patch, List.of(), null, major + "." + minor + "." + patch);
    }

    /**
     * The MAJOR number; a change of it means an incompatible change.
     *
     * @return MAJOR
     */
    public long major() { return major; }

    /**
     * The MINOR number; resolution accepts any patch of the MINOR line written against.
     *
     * @return MINOR
     */
    public long minor() { return minor; }

    /**
     * The PATCH number.
     *
     * @return PATCH
     */
    public long patch() { return patch; }

    /**
     * The dot-separated pre-release identifiers.
     *
     * @return the identifiers in order; empty for a release
     */
    public List<String> preRelease() { return preRelease; }

    /**
     * The build metadata after {@code +}; it takes no part in ordering or equality.
     *
     * @return the metadata, or {@code null}
     */
    public String build() { return build; }

    /**
     * Whether this is a pre-release, which sorts before its release.
     *
     * @return {@code true} when there are pre-release identifiers
     */
    public boolean isPreRelease() { return !preRelease.isEmpty(); }

    /**
     * Whether this and {@code other} share MAJOR and MINOR: the span the resolution rule accepts.
     *
     * @param other another version
     * @return {@code true} when MAJOR and MINOR are equal
     */
    public boolean sameMinor(Version other) {
        return major == other.major && minor == other.minor;
    }

    /**
     * {@code MAJOR.MINOR.x}, as resolution reasons name a target line.
     *
     * @return the line's text, e.g. {@code 1.2.x}
     */

    public String minorLine() {
        return major + "." + minor + ".x";
    }

    @Override
    public int compareTo(Version o) {
        int c = Long.compare(major, o.major);
        if (c == 0) c = Long.compare(minor, o.minor);
        if (c == 0) c = Long.compare(patch, o.patch);
        if (c != 0) return c;
        // A release ranks above any of its pre-releases.
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        int n = Math.min(preRelease.size(), o.preRelease.size());
        for (int i = 0; i < n; i++) {
            c = compareIdentifier(preRelease.get(i), o.preRelease.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(preRelease.size(), o.preRelease.size());
    }

    private static int compareIdentifier(String a, String b) {
        boolean an = isNumeric(a);
        boolean bn = isNumeric(b);
        if (an && bn) {
            // Compare by length first so that arbitrarily long numeric identifiers never overflow.
            int c = Integer.compare(a.length(), b.length());
            return c != 0 ? c : a.compareTo(b);
        }
        if (an != bn) return an ? -1 : 1;
        return a.compareTo(b);
    }

    private static boolean isNumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) return false;
        }
        return !s.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(major, minor, patch, new ArrayList<>(preRelease));
    }

    @Override
    public String toString() {
        return text;
    }
}
