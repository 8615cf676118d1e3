package io.spirefy.pluginengine.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.EdECKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The publisher keys a host trusts (contract section 9, "Signatures"): Ed25519 public keys, each
 * known by its {@linkplain #keyId key id}. Given to {@link PluginEngine.Builder#trust(TrustStore)}.
 * Immutable.
 *
 * <p>A {@code .pub} file holds one key as text: its X.509 SubjectPublicKeyInfo encoding in base64,
 * either bare or between PEM lines ({@code -----BEGIN PUBLIC KEY-----} ...
 * {@code -----END PUBLIC KEY-----}), as {@code plugin-engine keygen} writes it and
 * {@code openssl pkey -pubout} prints it.
 */
public final class TrustStore {

    private static final TrustStore EMPTY = new TrustStore(Map.of());

    private final Map<String, PublicKey> keys;

    private TrustStore(Map<String, PublicKey> keys) {
        this.keys = Collections.unmodifiableMap(keys);
    }

    /**
     * Trusts no key: every signature is unverifiable.
     *
     * @return the empty store
     */
    public static TrustStore empty() {
        return EMPTY;
    }

    /**
     * Trusts these keys.
     *
     * @param keys Ed25519 public keys
     * @return a store of them, each under its {@linkplain #keyId key id}
     * @throws IllegalArgumentException for a key that is not Ed25519
     */
    public static TrustStore of(PublicKey... keys) {
        return of(List.of(keys));
    }

    /**
     * Trusts these keys.
     *
     * @param keys Ed25519 public keys
     * @return a store of them, each under its {@linkplain #keyId key id}
     * @throws IllegalArgumentException for a key that is not Ed25519
     */
    public static TrustStore of(List<PublicKey> keys) {
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        for (PublicKey key : keys) {
            requireEd25519(key);
            byId.put(keyId(key), key);
        }
        return new TrustStore(byId);
    }

    /**
     * Reads one {@code .pub} file, or every {@code *.pub} file directly inside a folder (others are
     * ignored, so the folder may hold notes).
     *
     * @throws PluginEngineException naming the file when it cannot be read or holds no Ed25519 key,
     *                               or when a folder holds no {@code .pub} file
     * @param fileOrDir a {@code .pub} file, or a folder of them
     * @return a store of every key read
     */
    public static TrustStore load(Path fileOrDir) {
        if (!Files.isDirectory(fileOrDir)) {
            return of(readPublicKey(fileOrDir));
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(fileOrDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".pub") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException | RuntimeException e) {
            throw new PluginEngineException("trust folder " + fileOrDir + " cannot be listed: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new PluginEngineException("trust folder " + fileOrDir + " holds no .pub file");
        }
        return of(files.stream().map(TrustStore::readPublicKey).toList());
    }

    /**
     * Both stores' keys: for a host that trusts its own keys and those a user adds.
     *
     * @param other another store
     * @return a new store; this one is unchanged
     */
    public TrustStore and(TrustStore other) {
        Map<String, PublicKey> both = new LinkedHashMap<>(keys);
        both.putAll(other.keys);
        return new TrustStore(both);
    }

    /**
     * The trusted key with this id.
     *
     * @param keyId a key id, as a signature names its signer
     * @return the key, or empty when it is not trusted
     */
    public Optional<PublicKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    /**
     * The ids of the trusted keys, in the order they were given.
     *
     * @return an unmodifiable set
     */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /**
     * Whether no key is trusted, in which case no signature can be verified.
     *
     * @return {@code true} when the store holds no key
     */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /**
     * A key's id: the first 16 hex digits (lower case) of the SHA-256 of its X.509
     * SubjectPublicKeyInfo encoding, the bytes a {@code .pub} file holds in base64.
     *
     * @param key any public key
     * @return its id, 16 lower-case hex digits
     */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Reads an Ed25519 public key from a {@code .pub} file.
     *
     * @param file the {@code .pub} file
     * @return the key it holds
     * @throws PluginEngineException naming the file and what is wrong with it
     */
    public static PublicKey readPublicKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new PluginEngineException("public key " + file + " cannot be read: " + e.getMessage(), e);
        }
        try {
            return parsePublicKey(text);
        } catch (IllegalArgumentException e) {
            throw new PluginEngineException("public key " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a public key from {@code .pub} text (PEM or bare base64 of X.509 SubjectPublicKeyInfo).
     *
     * @param text the file's text
     * @return the key it holds
     * @throws IllegalArgumentException saying what is wrong
     */

    public static PublicKey parsePublicKey(String text) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64 or PEM text (" + e.getMessage() + ")", e);
        }
        if (der.length == 0) throw new IllegalArgumentException("no key in it");
        PublicKey key;
        try {
            key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (X.509 SubjectPublicKeyInfo): " + e.getMessage(), e);
        }
        requireEd25519(key);
        return key;
    }

    private static void requireEd25519(PublicKey key) {
        if (!(key instanceof EdECKey ed) || !"Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
            throw new IllegalArgumentException("only Ed25519 publisher keys are supported, not " + key.getAlgorithm());
        }
    }

    @Override
    public String toString() {
        return "TrustStore" + keys.keySet();
    }
}
