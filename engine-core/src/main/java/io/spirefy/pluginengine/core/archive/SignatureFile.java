package io.spirefy.pluginengine.core.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of {@code plugin.sig} (docs/CONTRACT.md, "Signatures"): a version line, three header
 * lines (algorithm, key id, signature), an empty line, then the signed file list
 * ({@link SignedListing}) byte for byte. Carrying the list lets a verifier say which file changed,
 * was added or was removed, not only that something did.
 */
record SignatureFile(String keyId, byte[] signature, byte[] listing) {

    static final String HEADER = "pluginengine-signature 1";
    static final String ALGORITHM = "Ed25519";
    private static final int SIGNATURE_BYTES = 64;

    /** Signs a canonical file list. */
    static SignatureFile sign(byte[] listing, PrivateKey key, String keyId) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(listing);
            return new SignatureFile(keyId, signer.sign(), listing);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (" + e.getMessage() + "); an Ed25519 private key is needed", e);
        }
    }

    /** Whether the signature is the key's over the file list. */
    boolean verifies(PublicKey key) {
        Signature verifier;
        try {
            verifier = Signature.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            // Not a bad signature: a runtime that cannot check any (a jlink image without its provider).
            throw new IllegalStateException(ALGORITHM + " is not available in this Java runtime; a jlink image"
                    + " of JDK 17 to 21 needs the module jdk.crypto.ec", e);
        }
        try {
            verifier.initVerify(key);
            verifier.update(listing);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = HEADER + "\nalgorithm: " + ALGORITHM + "\nkey: " + keyId + "\nsignature: "
                + Base64.getEncoder().encodeToString(signature) + "\n\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(listing);
        return out.toByteArray();
    }

    /**
     * Reads a {@code plugin.sig}; its file list is checked to be canonical ({@link SignedListing#parse}).
     *
     * @throws IllegalArgumentException saying what is malformed
     */
    static SignatureFile parse(byte[] bytes) {
        int blank = indexOf(bytes, "\n\n".getBytes(StandardCharsets.US_ASCII));
        if (blank < 0) {
            throw new IllegalArgumentException("no empty line between the header and the file list");
        }
        String[] lines = new String(bytes, 0, blank, StandardCharsets.UTF_8).split("\n", -1);
        if (!lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("the first line is not '" + HEADER + "'");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(": ");
            if (colon < 0) {
                throw new IllegalArgumentException("header line " + (i + 1) + " is not 'name: value'");
            }
            String name = lines[i].substring(0, colon);
            if (!name.equals("algorithm") && !name.equals("key") && !name.equals("signature")) {
                throw new IllegalArgumentException("unknown header '" + name + "' (expected algorithm, key, signature)");
            }
            if (fields.put(name, lines[i].substring(colon + 2)) != null) {
                throw new IllegalArgumentException("header '" + name + "' occurs twice");
            }
        }
        for (String name : new String[] {"algorithm", "key", "signature"}) {
            if (!fields.containsKey(name)) throw new IllegalArgumentException("no '" + name + "' header");
        }
        if (!fields.get("algorithm").equals(ALGORITHM)) {
            throw new IllegalArgumentException("algorithm '" + fields.get("algorithm") + "' is not supported (expected " + ALGORITHM + ")");
        }
        String keyId = fields.get("key");
        if (!keyId.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("the key id '" + keyId + "' is not 16 lower-case hex digits");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(fields.get("signature"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the signature is not base64 (" + e.getMessage() + ")", e);
        }
        if (signature.length != SIGNATURE_BYTES) {
            throw new IllegalArgumentException("the signature has " + signature.length + " bytes, not the " + SIGNATURE_BYTES + " of Ed25519");
        }
        byte[] listing = Arrays.copyOfRange(bytes, blank + 2, bytes.length);
        SignedListing.parse(listing);
        return new SignatureFile(keyId, signature, listing);
    }

    private static int indexOf(byte[] bytes, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= bytes.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (bytes[i + j] != what[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
