package io.spirefy.pluginengine.core.archive;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code plugin.sig} from the format as docs/CONTRACT.md states it, without the engine's
 * classes, the way another tool would: so the tests check the engine against the documented format.
 */
final class Signing {

    private Signing() {
    }

    static KeyPair keys() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static String keyId(KeyPair keys) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded())).substring(0, 16);
    }

    /** The documented file list of plain names (no '%' or control characters): sorted, hashed. */
    static String listing(Map<String, byte[]> files) throws Exception {
        StringBuilder text = new StringBuilder("pluginengine-files 1\n");
        for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
            text.append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(f.getValue())))
                    .append(' ').append(f.getKey()).append('\n');
        }
        return text.toString();
    }

    /** {@code plugin.sig} over these files (paths relative to the manifest's folder). */
    static byte[] sig(KeyPair keys, Map<String, byte[]> files) throws Exception {
        return sig(keys, listing(files));
    }

    static byte[] sig(KeyPair keys, String listing) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(keys.getPrivate());
        s.update(listing.getBytes(StandardCharsets.UTF_8));
        return ("pluginengine-signature 1\nalgorithm: Ed25519\nkey: " + keyId(keys) + "\nsignature: "
                + Base64.getEncoder().encodeToString(s.sign()) + "\n\n" + listing).getBytes(StandardCharsets.UTF_8);
    }
}
