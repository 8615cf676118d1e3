package io.spirefy.pluginengine.core.template;

import java.util.function.BooleanSupplier;

/**
 * What one render may still do: bytes of output and block bodies rendered. The output bound alone
 * does not bound the work, since nested {@code each} blocks with empty bodies write nothing.
 * A render stops, at its next block, when the call it serves has ended: a call that timed out on
 * the pure-JVM runtime interrupts its thread, and on any runtime the call's clock says so
 * ({@code stopped}); a native runtime's cancel reaches only wasm code, never this Java loop.
 */
final class RenderBudget {

    private static final ThreadLocal<RenderBudget> CURRENT = new ThreadLocal<>();

    private final long maxOutputBytes;
    private final long maxBlocks;
    private final BooleanSupplier stopped;
    private long outputBytes;
    private long blocks;
    /** The first limit hit: kept, because Handlebars may wrap, or lose while wrapping, what helpers throw. */
    private TemplateFailure exceeded;

    RenderBudget(long maxOutputBytes, long maxBlocks, BooleanSupplier stopped) {
        this.maxOutputBytes = maxOutputBytes;
        this.maxBlocks = maxBlocks;
        this.stopped = stopped;
    }

    static RenderBudget current() {
        RenderBudget b = CURRENT.get();
        if (b == null) throw new IllegalStateException("no render under way on this thread");
        return b;
    }

    void enter() {
        CURRENT.set(this);
    }

    void leave() {
        CURRENT.remove();
    }

    private TemplateFailure exceeded(TemplateFailure f) {
        if (exceeded == null) exceeded = f;
        return exceeded;
    }

    /** The limit this render hit, or null. */
    TemplateFailure exceeded() {
        return exceeded;
    }

    void output(long bytes) {
        outputBytes += bytes;
        if (outputBytes > maxOutputBytes) {
            throw exceeded(new TemplateFailure("the output is longer than the limit of " + maxOutputBytes + " bytes"));
        }
    }

    void block() {
        if (++blocks > maxBlocks) {
            throw exceeded(new TemplateFailure("the template rendered more than " + maxBlocks + " blocks (nested each over large data?)"));
        }
        if (Thread.currentThread().isInterrupted() || stopped.getAsBoolean()) {
            throw exceeded(new TemplateFailure("the call was stopped while rendering (it ran out of time)"));
        }
    }
}
