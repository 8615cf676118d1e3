/**
 * Java Native Access (JNA) 5.17.0, its classes and native dispatch libraries unchanged, with this
 * descriptor instead of jna-jpms's. The one difference: {@code java.desktop} is required only
 * {@code static}. Only {@code Native}'s window and component helpers and {@code Native$AWT} touch
 * AWT, and nothing loads {@code Native$AWT} unless a caller uses those helpers; a plain
 * {@code requires} would put {@code java.desktop} (about 27 MB) into every jlink image of a host
 * that only calls a C library.
 *
 * <p>A host that does use JNA's AWT helpers adds {@code --add-modules java.desktop}.
 */
module com.sun.jna {
    requires static java.desktop;
    requires java.logging;

    exports com.sun.jna;
    exports com.sun.jna.ptr;
    exports com.sun.jna.win32;
    // As in jna-jpms: jna-platform reaches into this package.
    exports com.sun.jna.internal to com.sun.jna.platform;
}
