package io.spirefy.pluginengine.api.spi;

/**
 * Where a runtime hands what guest code writes for humans (contract section 5): each message it
 * logs through the Extism kernel's {@code log_*} functions, and the bytes it writes to WASI
 * stdout and stderr. One object per instance, given at instantiation; called on the thread that
 * runs the guest, while it runs. The engine splits, bounds and routes it; a runtime only passes
 * it on, as it comes, without buffering.
 */
public interface GuestOutput {

    /** The WASI stream written to. */
    enum Stream {
        /** File descriptor 1. */
        STDOUT,
        /** File descriptor 2. */
        STDERR
    }

    /**
     * One {@code log_trace/debug/info/warn/error} call.
     *
     * @param level   the level the guest logged at
     * @param message its text, as the guest gave it
     */
    void log(System.Logger.Level level, String message);

    /**
     * Bytes written to file descriptor 1 or 2 (a line may come in several writes). The array is
     * the runtime's: read it before returning, never keep it.
     *
     * @param stream which of the two
     * @param bytes  holds the bytes written
     * @param offset where they start in {@code bytes}
     * @param length how many there are
     */
    void write(Stream stream, byte[] bytes, int offset, int length);

    /** Drops everything: for tools and tests that do not look. */
    GuestOutput NONE = new GuestOutput() {
        @Override
        public void log(System.Logger.Level level, String message) {
        }

        @Override
        public void write(Stream stream, byte[] bytes, int offset, int length) {
        }
    };
}
