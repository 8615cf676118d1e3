package io.spirefy.pluginengine.core;

import io.spirefy.pluginengine.api.PluginEngineException;
import io.spirefy.pluginengine.api.TrustStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * A publisher's Ed25519 key pair as files (docs/CONTRACT.md, "Signatures"): {@code publisher.key},
 * the private key as PKCS#8 in PEM ({@code -----BEGIN PRIVATE KEY-----}), readable by its owner
 * only; {@code publisher.pub}, the public key as X.509 SubjectPublicKeyInfo in PEM
 * ({@code -----BEGIN PUBLIC KEY-----}), which hosts put in their {@link TrustStore}. Both are
 * what {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} write.
 */
public final class PublisherKeys {

    /** The private key's file name; the file is readable by its owner only. */
    public static final String PRIVATE_FILE = "publisher.key";
    /** The public key's file name: the file a publisher gives to hosts. */
    public static final String PUBLIC_FILE = "publisher.pub";
    private static final String ALGORITHM = "Ed25519";

    private PublisherKeys() {
    }

    /**
     * A new Ed25519 key pair, in memory only.
     *
     * @return the key pair
     */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform since 15 has Ed25519", e);
        }
    }

    /**
     * Writes a new key pair into {@code dir} (created when missing); never overwrites a key.
     *
     * @param dir the folder to write {@value #PRIVATE_FILE} and {@value #PUBLIC_FILE} into
     * @return the key pair written
     * @throws PluginEngineException when a key file is already there or cannot be written
     */
    public static KeyPair writeNew(Path dir) {
        KeyPair keys = generate();
        Path privateFile = dir.resolve(PRIVATE_FILE);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        try {
            Files.createDirectories(dir);
            if (Files.exists(privateFile) || Files.exists(publicFile)) {
                throw new PluginEngineException("a key pair is already in " + dir + " (" + PRIVATE_FILE + " or " + PUBLIC_FILE
                        + "); it is never overwritten: remove it, or choose another --out");
            }
            createOwnerOnly(privateFile);
            Files.writeString(privateFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII,
                    StandardOpenOption.TRUNCATE_EXISTING);
            Files.writeString(publicFile, pem("PUBLIC KEY", keys.getPublic().getEncoded()), StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException e) {
            throw new PluginEngineException("a key pair is already in " + dir + "; it is never overwritten", e);
        } catch (IOException e) {
            throw new PluginEngineException("cannot write the key pair into " + dir + ": " + e.getMessage(), e);
        }
        return keys;
    }

    /** Created empty and owner-only before any secret is written into it, where the file system has permissions. */
    private static void createOwnerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
            java.io.File f = file.toFile();
            f.setReadable(false, false);
            f.setWritable(false, false);
            f.setReadable(true, true);
            f.setWritable(true, true);
        }
    }

    /**
     * Reads a {@code publisher.key}: PKCS#8 in PEM, or bare base64.
     *
     * @param file the private key file
     * @return the key
     * @throws PluginEngineException naming the file and what is wrong
     */
    public static PrivateKey readPrivateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new PluginEngineException("private key " + file + " cannot be read: " + e.getMessage(), e);
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").strip());
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PluginEngineException("private key " + file + " is not an Ed25519 private key in PKCS#8 (PEM or base64): "
                    + e.getMessage(), e);
        }
    }

    /**
     * The public half of an Ed25519 private key. PKCS#8 files often carry only the private seed,
     * and the JDK has no call that derives the public key from it; its key pair generator does
     * derive one from the seed it draws, so it is handed this seed to draw.
     *
     * @param key an Ed25519 private key
     * @return its public key, as {@link io.spirefy.pluginengine.api.TrustStore#keyId} identifies it
     * @throws PluginEngineException when the key is not Ed25519
     */

    public static PublicKey publicKeyOf(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new PluginEngineException("not an Ed25519 private key: " + key.getAlgorithm());
        }
        byte[] seed = ed.getBytes().get();
        SecureRandom replay = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        };
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, replay);
            return generator.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform since 15 has Ed25519", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
