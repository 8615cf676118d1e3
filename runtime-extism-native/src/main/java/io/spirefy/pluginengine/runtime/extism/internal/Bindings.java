package io.spirefy.pluginengine.runtime.extism.internal;

/**
 * Picks how the runtime reaches libextism, once per class loader. This is the JDK 17-21 version:
 * JNA always. The multi-release jar holds a JDK 22 version of this class
 * ({@code META-INF/versions/22}) that picks the JDK's foreign-function API unless system property
 * {@value #PROPERTY}{@code =jna} asks for JNA.
 */
final class Bindings {

    /** {@code jna} forces JNA on JDK 22+ (for comparison and as a way out); JDK 17-21 always use JNA. */
    static final String PROPERTY = "pluginengine.extism.binding";

    /** The binding of this class loader: {@link ExtismCalls#load} it before calling libextism. */
    static final ExtismCalls ACTIVE = new JnaCalls();

    private Bindings() {
    }
}
