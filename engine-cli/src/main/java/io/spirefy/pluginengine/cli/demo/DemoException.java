package io.spirefy.pluginengine.cli.demo;

/** The engine did not do what the demo's story expects: the demo stops and says where. */
public final class DemoException extends RuntimeException {

    public DemoException(String message) {
        super(message);
    }
}
