package io.spirefy.pluginengine.core.data;

/** A data-folder request refused or failed: its message is what the plugin reads in GetLastError. */
public final class DataFailure extends RuntimeException {

    DataFailure(String message) {
        super(message, null, false, false);
    }
}
