package io.spirefy.pluginengine.core.engine;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer thread of an engine: it stops calls that outlive their timeout. It never runs
 * plugin code; it only asks a runtime to cancel a call.
 */
final class Watchdog implements AutoCloseable {

    private final ScheduledThreadPoolExecutor timer;

    Watchdog() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "pluginengine-watchdog");
            t.setDaemon(true);
            return t;
        });
        // Most calls finish long before their timeout: drop cancelled tasks at once instead of
        // letting them pile up in the queue until they would have fired.
        timer.setRemoveOnCancelPolicy(true);
    }

    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return timer.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
