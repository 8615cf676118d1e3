package io.spirefy.pluginengine.runtime.extism;

/** Run in a child JVM by {@link LibraryLookupTest}: says whether this JVM found libextism, and where it looked. */
public final class LookupProbe {

    private LookupProbe() {
    }

    public static void main(String[] args) {
        ExtismNativeRuntime runtime = new ExtismNativeRuntime();
        // Where it came from, on a line of its own, so that the last line stays the verdict.
        runtime.libraryDescription().ifPresent(d -> System.out.println("FROM " + d));
        System.out.println(runtime.unavailableReason().map(why -> "UNAVAILABLE " + why).orElse("AVAILABLE"));
    }
}
