package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveLimits;
import io.spirefy.pluginengine.api.Problem;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.zip.ZipEntry;

import static io.spirefy.pluginengine.core.archive.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Section 2 limits: entries, packed and unpacked bytes, and the compression ratio. */
class LimitsTest {

    private static final int MIB = 1 << 20;

    @Test
    void tooManyEntriesIsRejected() {
        ArchiveLimits three = new ArchiveLimits(3, 64L << 20, 256L << 20, 200);
        Problem zip = onlyError(loader(three).load("many.zip", zip(plugin("a.txt", "a", "b.txt", "b"))));
        assertNames(zip, "many.zip", "b.txt");
        assertThat(zip.message()).contains("maxEntries").contains("3");

        Problem tar = onlyError(loader(three).load("many.tgz", tgz(plugin("a.txt", "a", "b.txt", "b"))));
        assertNames(tar, "many.tgz", "b.txt");
        assertThat(tar.message()).contains("maxEntries");
    }

    @Test
    void tooManyEntriesCountsDirectoriesToo() {
        ArchiveLimits three = new ArchiveLimits(3, 64L << 20, 256L << 20, 200);
        byte[] tgz = new TarWriter().file("plugin.yaml", manifest()).file("greeter.wasm", WASM)
                .dir("assets/").dir("more/").tgz();
        Problem p = onlyError(loader(three).load("dirs.tgz", tgz));
        assertNames(p, "dirs.tgz", "more/");
    }

    @Test
    void packedTooBigIsRejectedBeforeReading() {
        ArchiveLimits small = new ArchiveLimits(100, 200, 256L << 20, 200);
        byte[] zip = zip(plugin("big.bin", new byte[1000]), ZipEntry.STORED);
        Problem p = onlyError(loader(small).load("big.zip", zip));
        assertThat(p.source()).isEqualTo("big.zip");
        assertThat(p.message()).contains("maxPackedBytes").contains(String.valueOf(zip.length));
    }

    @Test
    void unpackedTooBigIsRejected() {
        ArchiveLimits small = new ArchiveLimits(100, 64L << 20, 2048, 200);
        Problem zip = onlyError(loader(small).load("fat.zip", zip(plugin("fat.bin", new byte[4096]), ZipEntry.STORED)));
        assertNames(zip, "fat.zip", "fat.bin");
        assertThat(zip.message()).contains("maxUnpackedBytes").contains("2048");

        Problem tar = onlyError(loader(small).load("fat.tgz", tgz(plugin("fat.bin", new byte[4096]))));
        assertNames(tar, "fat.tgz", "fat.bin");
        assertThat(tar.message()).contains("maxUnpackedBytes");
    }

    @Test
    void unpackedSizeIsCountedNotTrustedFromHeaders() {
        // A zip whose central directory understates the size: inflating must stop at the declared
        // size, not allocate whatever comes out.
        byte[] zip = zip(plugin("big.bin", new byte[100_000]));
        byte[] lying = zip.clone();
        patchDeclaredSize(lying, "big.bin", 10);
        Problem p = onlyError(loader().load("lying.zip", lying));
        assertNames(p, "lying.zip", "big.bin");
        assertThat(p.message()).contains("declared size");
    }

    @Test
    void ratioBombOfFiftyMebibytesOfZerosIsRejectedInZip() {
        // The unpacked limit is far above 50 MiB, so only the ratio can stop this one.
        ArchiveLimits roomy = new ArchiveLimits(100, 64L << 20, 1L << 30, 200);
        byte[] zip = zip(plugin("bomb.bin", new byte[50 * MIB]));
        assertThat(zip.length).isLessThan(100_000);
        Problem p = onlyError(loader(roomy).load("bomb.zip", zip));
        assertNames(p, "bomb.zip", "bomb.bin");
        assertThat(p.message()).contains("maxRatio 200:1");
    }

    @Test
    void ratioBombIsRejectedInTarGz() {
        ArchiveLimits roomy = new ArchiveLimits(100, 64L << 20, 1L << 30, 200);
        byte[] tgz = tgz(plugin("bomb.bin", new byte[50 * MIB]));
        Problem p = onlyError(loader(roomy).load("bomb.tgz", tgz));
        assertNames(p, "bomb.tgz", "bomb.bin");
        assertThat(p.message()).contains("maxRatio");
    }

    @Test
    void oneHighlyCompressedEntryIsRejectedEvenWhenTheWholeArchiveRatioIsFine() {
        byte[] noise = new byte[3 * MIB];
        new Random(42).nextBytes(noise);
        // Whole archive: about 5 MiB out of 3 MiB in. The zeros alone: 2 MiB out of about 2 KiB in.
        byte[] zip = zip(plugin("noise.bin", noise, "zeros.bin", new byte[2 * MIB]));
        Problem p = onlyError(loader().load("mixed.zip", zip));
        assertNames(p, "mixed.zip", "zeros.bin");
        assertThat(p.message()).contains("entry").contains("compressed size").contains("maxRatio");
    }

    @Test
    void smallHighlyCompressibleFilesAreFine() {
        // 900 KiB of one letter deflates over 1000:1 but stays under the 1 MiB ratio floor.
        byte[] zip = zip(plugin("a.txt", "a".repeat(900 * 1024)));
        var loaded = loader().load("text.zip", zip);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.plugins()).hasSize(1);
    }

    private static void patchDeclaredSize(byte[] zip, String name, int size) {
        byte[] nameBytes = text(name);
        for (int at = 0; at + 46 < zip.length; at++) {
            if (zip[at] == 0x50 && zip[at + 1] == 0x4b && zip[at + 2] == 1 && zip[at + 3] == 2
                    && java.util.Arrays.equals(zip, at + 46, at + 46 + nameBytes.length, nameBytes, 0, nameBytes.length)) {
                for (int i = 0; i < 4; i++) zip[at + 24 + i] = (byte) (size >>> (8 * i));
                return;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
