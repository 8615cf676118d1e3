package io.spirefy.pluginengine.runtime.extism;

/** Run in a child JVM by {@link LibraryLookupTest}: says whether this JVM found libextism, and where it looked. */
public final class LookupProbe {

    private LookupProbe() {
    }

    public static void main(String[] args) {
        System.out.println(new ExtismNativeRuntime().unavailableReason().map(why -> "UNAVAILABLE " + why).orElse("AVAILABLE"));
    }
}
