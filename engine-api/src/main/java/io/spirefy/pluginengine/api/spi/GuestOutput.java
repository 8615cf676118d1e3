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
    enum Stream { STDOUT, STDERR }

    /** One {@code log_trace/debug/info/warn/error} call: its level and its text. */
    void log(System.Logger.Level level, String message);

    /** Bytes written to file descriptor 1 or 2 (a line may come in several writes). */
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
