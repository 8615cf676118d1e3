package io.spirefy.pluginengine.core.imports;

/** The module's header, type section or import section is not what the binary format allows. */
public final class MalformedModuleException extends Exception {

    public MalformedModuleException(String message) {
        super(message, null, false, false);
    }
}
