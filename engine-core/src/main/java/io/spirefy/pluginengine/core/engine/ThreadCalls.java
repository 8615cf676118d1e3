package io.spirefy.pluginengine.core.engine;

import io.spirefy.pluginengine.api.TraceContext;

/**
 * What one thread is doing in an engine: the plugin function it runs innermost, and how deep it
 * is in Java listeners (which have no frame but count toward the depth limit). One thread-local
 * for both, read once per call.
 */
final class ThreadCalls {

    /** This thread's starting point in every pool (see InstancePool#acquire); threads get consecutive ones. */
    final int home;
    private final Thread thread = Thread.currentThread();
    CallFrame frame;
    int hostDepth;
    /** The call tree this thread serves while it runs a nested call for another thread (see FreshStacks). */
    Object borrowedBy;
    /** The host's trace context of the call tree this thread serves, or null (see PluginCalls#traced). */
    TraceContext trace;
    /**
     * Bytes of this thread's stack that calls started here can still count on, or {@link #UNKNOWN}
     * on a thread that is not the engine's or once a call whose stack use is unbounded runs on it
     * (see PluginCalls#callNested).
     */
    long stackLeft = UNKNOWN;

    static final long UNKNOWN = -1;

    /**
     * What a call the host starts on this thread may reserve of its stack (PluginCalls#callOnStack),
     * or {@link #UNKNOWN}: the thread's free stack as the host declared it or the engine made it.
     */
    final long hostStackLeft;

    ThreadCalls(int home, long hostStackLeft) {
        this.home = home;
        this.hostStackLeft = hostStackLeft;
    }

    /** The depth a call made now on this thread would have. */
    int nextDepth() {
        return (frame == null ? 0 : frame.depth) + hostDepth + 1;
    }

    /**
     * Who the instances this thread's call takes are held for: the thread that started the call
     * tree. A tree runs one call at a time, whichever thread runs it.
     */
    Object tree() {
        return borrowedBy != null ? borrowedBy : thread;
    }

    /** Takes over {@code caller}'s place in its call tree, to run a nested call for it (the stack is this thread's own). */
    void continueFor(ThreadCalls caller) {
        frame = caller.frame;
        hostDepth = caller.hostDepth;
        borrowedBy = caller.tree();
        trace = caller.trace;
    }

    /** Done with the call tree it continued. */
    void clear() {
        stackLeft = UNKNOWN;
        frame = null;
        hostDepth = 0;
        borrowedBy = null;
        trace = null;
    }
}
