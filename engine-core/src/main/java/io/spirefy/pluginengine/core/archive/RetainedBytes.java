package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveException;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine-wide account of the bytes kept for loaded plugins' files
 * ({@link io.spirefy.pluginengine.api.ArchiveLimits#maxRetainedBytes}): one per engine, charged
 * when a source has been read and assembled, credited when its plugin is unloaded.
 *
 * <p>A plugin that is read but never registered (e.g. its {@code id@version} is already loaded)
 * would keep its charge for good if only {@link PluginFiles#release()} gave it back; so the charge
 * is also given back once its files are no longer reachable. That is the safety net, not the rule:
 * it runs only after a garbage collection.
 */
final class RetainedBytes {

    private static final Cleaner CLEANER = Cleaner.create();

    private final long limit;
    private long held;

    RetainedBytes(long limit) {
        this.limit = limit;
    }

    /**
     * Charges {@code files} to the account and ties the charge to them.
     *
     * @throws ArchiveException naming the source and the bound when the charge would exceed it
     */
    void charge(String source, PluginFiles files) {
        long bytes = files.retainedBytes();
        synchronized (this) {
            if (held + bytes > limit) {
                throw new ArchiveException(source, null, "the plugin's files need " + bytes + " bytes kept in memory,"
                        + " and the engine already keeps " + held + " for the plugins loaded; together they exceed the "
                        + limit + " bytes allowed for all archives (limit maxRetainedBytes)");
            }
            held += bytes;
        }
        Credit credit = new Credit(this, bytes);
        files.charged(CLEANER.register(files, credit));
    }

    synchronized long held() {
        return held;
    }

    private synchronized void credit(long bytes) {
        held -= bytes;
    }

    /** Gives a charge back once; must not refer to the files it belongs to, or they could never be collected. */
    private static final class Credit implements Runnable {
        private final RetainedBytes account;
        private final long bytes;
        private final AtomicBoolean done = new AtomicBoolean();

        Credit(RetainedBytes account, long bytes) {
            this.account = account;
            this.bytes = bytes;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                account.credit(bytes);
            }
        }
    }
}
