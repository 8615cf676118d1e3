package io.spirefy.pluginengine.core.archive;

import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A file kept as raw deflate data: a zip entry's own compressed bytes, or a file that the engine
 * compressed at load (tar.gz, whose one gzip stream cannot be read from the middle). Its size and
 * content were checked when the archive was read, so reading it back cannot fail except by a bug.
 */
final class DeflatedFile implements StoredFile {

    private static final int CHUNK = 64 * 1024;

    private final byte[] deflated;
    private final long size;

    DeflatedFile(byte[] deflated, long size) {
        this.deflated = deflated;
        this.size = size;
    }

    /** Compresses a whole file; fast rather than small, since it happens at load. */
    static DeflatedFile compress(byte[] raw) {
        try (Compressor c = new Compressor(raw.length + raw.length / 2048 + 64, raw.length)) {
            c.write(raw, 0, raw.length);
            return c.finish();
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long retainedBytes() {
        return deflated.length;
    }

    @Override
    public byte[] read(String name, long maxBytes) {
        StoredFile.checkSize(name, size, maxBytes);
        byte[] out = new byte[(int) size];
        byte[] past = new byte[1];
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            int at = 0;
            boolean padded = false;
            while (!inflater.finished()) {
                // Once the array is full, any byte more is a bug; reading into a spare byte says so.
                int n = at < out.length ? inflater.inflate(out, at, out.length - at) : inflater.inflate(past);
                if (at == out.length && n > 0) {
                    throw new IllegalStateException("file '" + name + "' inflates to more than its " + size + " bytes");
                }
                at += n;
                if (n == 0 && !inflater.finished()) {
                    if (!inflater.needsInput() || padded) {
                        throw new IllegalStateException("file '" + name + "' no longer inflates as it did at load");
                    }
                    // Raw inflate may want one byte past the end, as when it was checked at load.
                    inflater.setInput(new byte[1]);
                    padded = true;
                }
            }
            if (at != out.length) {
                throw new IllegalStateException("file '" + name + "' inflates to " + at + " bytes, not its " + size);
            }
            return out;
        } catch (DataFormatException e) {
            throw new IllegalStateException("file '" + name + "' was checked at load but no longer inflates", e);
        } finally {
            inflater.end();
        }
    }

    /** Deflates a file as its bytes arrive, so that it is never held unpacked as a whole. */
    static final class Compressor implements AutoCloseable {

        private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        private final BoundedBuffer out;
        private final byte[] buffer = new byte[CHUNK];
        private long size;

        /**
         * @param cap  the most compressed bytes to keep (deflate adds at most a few bytes per 16 KiB
         *             to data that does not compress; see {@link #capFor})
         * @param hint the likely unpacked size, for the first buffer
         */
        Compressor(long cap, long hint) {
            this.out = new BoundedBuffer((int) Math.min(cap, UnpackBudget.MAX_ARRAY), hint / 4);
        }

        /** A cap that the deflated form of {@code unpacked} bytes cannot exceed. */
        static long capFor(long unpacked) {
            return unpacked + unpacked / 2048 + 64;
        }

        void write(byte[] b, int off, int len) {
            deflater.setInput(b, off, len);
            while (!deflater.needsInput()) {
                drain();
            }
            size += len;
        }

        DeflatedFile finish() {
            deflater.finish();
            while (!deflater.finished()) {
                drain();
            }
            return new DeflatedFile(out.toByteArray(), size);
        }

        private void drain() {
            int n = deflater.deflate(buffer);
            out.write(buffer, 0, n);
        }

        @Override
        public void close() {
            deflater.end();
        }
    }
}
