package io.spirefy.pluginengine.tests;

import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A 250 MiB asset that deflates to about 2.7 MB: inside every per-archive default (256 MiB
 * unpacked, ratio 200:1, it is about 95:1), yet large enough that a few copies exhaust a 1 GiB
 * heap. Each KiB is a few seeded random bytes and zeros, so it is neither incompressible nor a
 * bomb. Made once per JVM.
 */
final class HugeAsset {

    static final long SIZE = 250L << 20;
    /** Random bytes per KiB: 3 gave 2.5 MB deflated, 4 gives 2.7 MB (issue 12 used 3.3 MB archives). */
    private static final int NOISE_PER_KIB = 4;

    private static ZipBuilder.Deflated deflated;

    private HugeAsset() {
    }

    static synchronized ZipBuilder.Deflated deflated() {
        if (deflated == null) deflated = make();
        return deflated;
    }

    private static ZipBuilder.Deflated make() {
        long start = System.nanoTime();
        Random random = new Random(12);
        byte[] chunk = new byte[1 << 20];
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        CRC32 crc = new CRC32();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(4 << 20);
        byte[] buf = new byte[256 * 1024];
        for (long done = 0; done < SIZE; done += chunk.length) {
            for (int kib = 0; kib < chunk.length; kib += 1024) {
                for (int i = 0; i < NOISE_PER_KIB; i++) chunk[kib + i] = (byte) random.nextInt();
            }
            crc.update(chunk);
            deflater.setInput(chunk);
            while (!deflater.needsInput()) out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.finish();
        while (!deflater.finished()) out.write(buf, 0, deflater.deflate(buf));
        deflater.end();
        Measured.print("250 MiB asset deflated to " + out.size() + " bytes in " + Bounded.elapsedMillis(start) + " ms");
        return new ZipBuilder.Deflated(out.toByteArray(), crc.getValue(), SIZE);
    }
}
