package io.spirefy.pluginengine.runtime.chicory;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The keys of cache entries: what makes compiled classes of one module valid for another process.
 *
 * <p>Neither Chicory's jars nor ours carry a version in their manifests, so the "runtime and Chicory
 * version" of the key is a fingerprint: the SHA-256 of the class files that decide what the compiler
 * emits and what the emitted code links against (Chicory's compiler and {@code Instance}, and our own
 * {@link Machines} and {@link CompileBounds}). Any other build of them gives other keys.
 */
final class CacheKeys {

    /** Bumped when the entry format or anything the key does not see changes the compiled classes. */
    static final int FORMAT = 1;

    private static volatile String fingerprint;

    private CacheKeys() {
    }

    /** The key of {@code wasm} compiled under {@code bounds}. */
    static String module(byte[] wasm, CompileBounds bounds) {
        return "pluginengine-chicory/" + FORMAT
                + " code=" + fingerprint()
                + " module=sha256:" + HexFormat.of().formatHex(CompiledCodeCache.sha256(wasm))
                + " maxInstructions=" + bounds.maxInstructions()
                + " maxBranchTableTargets=" + bounds.maxBranchTableTargets()
                + " fallback=FAIL"
                + " maxFunctionsPerClass=" + Machines.MAX_FUNCTIONS_PER_CLASS;
    }

    static String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            MessageDigest digest = sha256();
            for (Class<?> c : new Class<?>[] {MachineFactoryCompiler.class,
                    com.dylibso.chicory.compiler.internal.Compiler.class, Instance.class, Machines.class,
                    CompileBounds.class}) {
                digest.update(classBytes(c));
            }
            f = HexFormat.of().formatHex(digest.digest(), 0, 12);
            fingerprint = f;
        }
        return f;
    }

    private static byte[] classBytes(Class<?> c) {
        String name = c.getName();
        // Class files are never encapsulated by JPMS: readable from any module.
        try (InputStream in = c.getResourceAsStream(name.substring(name.lastIndexOf('.') + 1) + ".class")) {
            if (in == null) return name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the class file of " + name, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
