package io.spirefy.pluginengine.runtime.extism.internal;

import com.sun.jna.Callback;
import com.sun.jna.Native;

/**
 * JNA's handler for a Throwable that escapes a callback, extended for ours. Our trampolines catch
 * everything themselves, but a StackOverflowError can be thrown as JNA enters one, before any
 * of our code runs; JNA then hands it to this handler (if there is stack enough for that) and
 * lets the host function return zeros. Failing the thread's call here keeps it from succeeding
 * with those zeros. Other callbacks go to the handler that was installed before.
 */
final class CallbackFailures implements Callback.UncaughtExceptionHandler {

    private final Callback.UncaughtExceptionHandler previous;

    private CallbackFailures(Callback.UncaughtExceptionHandler previous) {
        this.previous = previous;
    }

    static synchronized void install() {
        Callback.UncaughtExceptionHandler current = Native.getCallbackExceptionHandler();
        if (!(current instanceof CallbackFailures)) Native.setCallbackExceptionHandler(new CallbackFailures(current));
    }

    @Override
    public void uncaughtException(Callback c, Throwable e) {
        if (c instanceof JnaCalls.Trampoline t) {
            t.entry().failedOnEntry(e);
        } else if (previous != null) {
            previous.uncaughtException(c, e);
        }
    }
}
