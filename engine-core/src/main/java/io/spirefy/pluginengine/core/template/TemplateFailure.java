package io.spirefy.pluginengine.core.template;

/** A template that cannot be rendered as asked: its message is what the plugin reads in GetLastError. */
public final class TemplateFailure extends RuntimeException {

    TemplateFailure(String message) {
        super(message, null, false, false);
    }
}
