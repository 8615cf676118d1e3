import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the pre-Java-6 classes of a jar as Java 8 classes, with the stack map frames the newer
 * format requires computed by ASM; everything else in the jar is copied as it is.
 *
 * <p>Why: picocli 4.7.7 ships class-file version 49, and CDS refuses such classes ("Pre JDK 6 class
 * not supported by CDS"), so every CLI process parsed and verified about 180 picocli classes anew.
 * Run at image build time (build-image), in the JDK's source-file mode:
 * {@code java -cp ASM_JAR:IN_JAR ClassFileUpgrade.java IN_JAR OUT_JAR}. IN_JAR is on the class path
 * because computing frames needs the common superclass of two types, which ASM finds by loading them.
 */
public final class ClassFileUpgrade {

    /** Class files older than this (Java 6) carry no stack map frames. */
    private static final int FIRST_WITH_FRAMES = 50;

    private ClassFileUpgrade() {
    }

    public static void main(String[] args) throws IOException {
        Path in = Path.of(args[0]), out = Path.of(args[1]);
        int upgraded = 0;
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(in));
             ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                byte[] b = zin.readAllBytes();
                if (e.getName().endsWith(".class") && major(b) < FIRST_WITH_FRAMES) {
                    b = upgrade(b);
                    upgraded++;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                zout.putNextEntry(copy);
                zout.write(b);
                zout.closeEntry();
            }
        }
        System.out.println("ClassFileUpgrade: " + upgraded + " classes of " + in.getFileName() + " rewritten as Java 8 classes");
    }

    private static int major(byte[] b) {
        return ((b[6] & 0xff) << 8) | (b[7] & 0xff);
    }

    private static byte[] upgrade(byte[] b) {
        ClassReader r = new ClassReader(b);
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        r.accept(new ClassVisitor(Opcodes.ASM9, w) {
            @Override
            public void visit(int version, int access, String name, String sig, String sup, String[] itf) {
                super.visit(Opcodes.V1_8, access, name, sig, sup, itf);
            }
        }, ClassReader.SKIP_FRAMES); // there are none to read, and all are computed anew

        return w.toByteArray();
    }
}
