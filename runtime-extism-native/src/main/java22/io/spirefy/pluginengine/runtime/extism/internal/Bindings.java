package io.spirefy.pluginengine.runtime.extism.internal;

/**
 * Picks how the runtime reaches libextism, once per class loader: the JDK 22+ version of this
 * class (the multi-release jar's {@code META-INF/versions/22}). The JDK's foreign-function API
 * ({@link FfmCalls}), unless system property {@value #PROPERTY}{@code =jna} asks for JNA
 * ({@link JnaCalls}, as on JDK 17-21). No silent fallback: if the foreign-function binding cannot
 * load libextism, the runtime reports why, as it does for JNA.
 */
final class Bindings {

    /** {@code jna} forces JNA on JDK 22+ (for comparison and as a way out); JDK 17-21 always use JNA. */
    static final String PROPERTY = "pluginengine.extism.binding";

    /** The binding of this class loader: {@link ExtismCalls#load} it before calling libextism. */
    static final ExtismCalls ACTIVE = ExtismCalls.JNA.equalsIgnoreCase(System.getProperty(PROPERTY, "").strip())
            ? new JnaCalls()
            : new FfmCalls();

    private Bindings() {
    }
}
