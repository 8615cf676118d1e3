package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.Problem;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static io.spirefy.pluginengine.core.archive.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Damaged and hostile bytes end as one clean problem, never as an exception. */
class MalformedTest {

    @Test
    void truncatedTarInsideAnEntryIsReported() {
        byte[] tar = new TarWriter().file("plugin.yaml", manifest()).file("greeter.wasm", WASM)
                .file("assets/big.bin", new byte[5000]).tar();
        // Three headers and two short files come first (512 * 5 bytes); cut inside big.bin's data.
        byte[] cut = Arrays.copyOf(tar, 512 * 5 + 1000);
        Problem p = onlyError(loader().load("cut.tgz", TarWriter.gzip(cut)));
        assertNames(p, "cut.tgz", "assets/big.bin");
        assertThat(p.message()).contains("truncated");
    }

    @Test
    void truncatedTarInsideAHeaderIsReported() {
        byte[] tar = new TarWriter().file("plugin.yaml", manifest()).file("greeter.wasm", WASM).tar();
        byte[] cut = Arrays.copyOf(tar, 512 * 4 + 100);
        Problem p = onlyError(loader().load("cut.tgz", TarWriter.gzip(cut)));
        assertThat(p.source()).isEqualTo("cut.tgz");
        assertThat(p.message()).contains("truncated");
    }

    @Test
    void truncatedGzipIsReported() {
        byte[] tgz = tgz(plugin("assets/a.txt", "x".repeat(10_000)));
        Problem p = onlyError(loader().load("cut.tar.gz", Arrays.copyOf(tgz, tgz.length / 2)));
        assertThat(p.source()).isEqualTo("cut.tar.gz");
        assertThat(p.message()).contains("truncated");
    }

    @Test
    void bytesAfterTheGzipStreamAreRejected() {
        byte[] tgz = tgz(plugin());
        Problem text = onlyError(loader().load("tail.tgz", concat(tgz, text("GARBAGE!"))));
        assertThat(text.source()).isEqualTo("tail.tgz");
        assertThat(text.message()).contains("after the gzip stream").contains("8 bytes").contains("at byte " + tgz.length)
                .contains("47 41 52 42");
        Problem zeros = onlyError(loader().load("zeros.tgz", concat(tgz, new byte[512])));
        assertThat(zeros.message()).contains("after the gzip stream").contains("512 zero bytes");
        Problem one = onlyError(loader().load("one.tgz", concat(tgz, new byte[] {0x1f})));
        assertThat(one.message()).contains("after the gzip stream").contains("1 byte (1f)");
    }

    @Test
    void aDamagedSecondGzipMemberIsRejected() {
        byte[] tar = new TarWriter().file("plugin.yaml", manifest()).file("greeter.wasm", WASM).tar();
        byte[] second = TarWriter.gzip(Arrays.copyOfRange(tar, 1024, tar.length));
        second[second.length - 5] ^= 1; // its length field
        byte[] tgz = concat(TarWriter.gzip(Arrays.copyOf(tar, 1024)), second);
        Problem p = onlyError(loader().load("member.tgz", tgz));
        assertThat(p.source()).isEqualTo("member.tgz");
        assertThat(p.message()).contains("gzip");
    }

    @Test
    void concatenatedGzipMembersAreOneStream() {
        // Legal gzip (RFC 1952, section 2.2), and what `cat a.gz b.gz` or parallel compressors write.
        byte[] tar = new TarWriter().file("plugin.yaml", manifest()).file("greeter.wasm", WASM).tar();
        byte[] tgz = concat(TarWriter.gzip(Arrays.copyOf(tar, 700)), TarWriter.gzip(Arrays.copyOfRange(tar, 700, tar.length)));
        var loaded = loader().load("members.tgz", tgz);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.plugins().get(0).wasm()).isEqualTo(WASM);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void truncatedZipIsReported() {
        byte[] zip = zip(plugin("assets/a.txt", "x".repeat(10_000)));
        Problem p = onlyError(loader().load("cut.zip", Arrays.copyOf(zip, zip.length - 30)));
        assertThat(p.source()).isEqualTo("cut.zip");
        assertThat(p.message()).contains("zip");
    }

    @Test
    void garbageBytesAreReportedForEveryFormat() {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Problem zip = onlyError(loader().load("garbage.zip", garbage));
        assertThat(zip.toString()).startsWith("garbage.zip: ").contains("not a zip archive");
        Problem tgz = onlyError(loader().load("garbage.tgz", garbage));
        assertThat(tgz.toString()).startsWith("garbage.tgz: ").contains("gzip");
        Problem tar = onlyError(loader().load("garbage.tar.gz", TarWriter.gzip(garbage)));
        assertNames(tar, "garbage.tar.gz", "tar header at byte 0");
        assertThat(tar.message()).contains("not a tar archive");
        Problem empty = onlyError(loader().load("empty.zip", new byte[0]));
        assertThat(empty.source()).isEqualTo("empty.zip");
    }

    @Test
    void everyCutOfAValidArchiveIsACleanProblem() {
        // Exhaustive over short prefixes: any exception other than a Problem would fail the test.
        byte[] zip = zip(plugin("assets/a.txt", "hello"));
        byte[] tgz = tgz(plugin("assets/a.txt", "hello"));
        for (int len = 0; len < zip.length; len++) {
            assertThat(loader().load("cut.zip", Arrays.copyOf(zip, len)).plugins()).isEmpty();
        }
        for (int len = 0; len < tgz.length; len++) {
            assertThat(loader().load("cut.tgz", Arrays.copyOf(tgz, len)).problems()).isNotEmpty();
        }
    }

    @Test
    void flippedBytesNeverEscapeAsExceptions() {
        byte[] zip = zip(plugin("assets/a.txt", "hello"));
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            byte[] damaged = zip.clone();
            damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
            var loaded = loader().load("flip.zip", damaged);
            assertThat(loaded.problems()).allSatisfy(p -> assertThat(p.source()).startsWith("flip.zip"));
            assertThat(loaded.problems()).noneSatisfy(p -> assertThat(p.message()).startsWith("cannot read the plugin source"));
        }
    }

    @Test
    void flippedTarBytesNeverEscapeAsExceptions() {
        byte[] tar = new TarWriter().file("plugin.yaml", manifest()).file("greeter.wasm", WASM)
                .gnuLongName("assets/" + "n".repeat(110), text("long")).paxPath("assets/pax.txt", text("pax")).tar();
        Random random = new Random(13);
        for (int i = 0; i < 500; i++) {
            byte[] damaged = tar.clone();
            // Hit the headers (where the parsing is), not only the zero padding.
            int block = random.nextInt(tar.length / 512 - 2);
            damaged[block * 512 + random.nextInt(512)] ^= (byte) (1 + random.nextInt(255));
            var loaded = loader().load("flip.tgz", TarWriter.gzip(damaged));
            assertThat(loaded.problems()).allSatisfy(p -> assertThat(p.source()).startsWith("flip.tgz"));
            assertThat(loaded.problems()).noneSatisfy(p -> assertThat(p.message()).startsWith("cannot read the plugin source"));
        }
    }

    @Test
    void unsupportedNameIsReported() {
        Problem p = onlyError(loader().load("plugin.rar", zip(plugin())));
        assertThat(p.source()).isEqualTo("plugin.rar");
        assertThat(p.message()).contains(".zip, .tar.gz or .tgz");
    }
}
