package io.spirefy.pluginengine.api;

import java.util.Objects;

/**
 * What the engine found out about an archive's signature (contract section 9, "Signatures").
 * Immutable.
 *
 * <p>Three outcomes reach a loaded plugin: not signed; signed and verified against a key of the
 * host's {@link TrustStore}; signed by a key the trust store does not hold, which cannot be checked
 * (loaded only when the host does not {@linkplain PluginEngine.Builder#requireSignatures require
 * signatures}). A signature that is checked and fails never loads: that is a problem of the source.
 *
 * @param signed    whether the archive carries a {@code plugin.sig} beside its manifest
 * @param verified  whether that signature was checked with a trusted key and covers every file as it is
 * @param publisher the key id the signature names ({@link TrustStore#keyId}), or {@code null} when unsigned
 * @param reason    why it is not verified, or {@code null} when it is
 */
public record SignatureInfo(boolean signed, boolean verified, String publisher, String reason) {

    /** The archive carries no signature. */
    public static final SignatureInfo UNSIGNED = new SignatureInfo(false, false, null, "not signed");

    /**
     * Checks that the fields agree: a verified signature is signed and names its publisher, and
     * one not verified says why.
     *
     * @param signed    whether the archive carries a {@code plugin.sig} beside its manifest
     * @param verified  whether that signature was checked with a trusted key and covers every file as it is
     * @param publisher the key id the signature names ({@link TrustStore#keyId}), or {@code null} when unsigned
     * @param reason    why it is not verified, or {@code null} when it is
     * @throws IllegalArgumentException for a verified signature that is unsigned or names no publisher
     * @throws NullPointerException     for a signed one without publisher, or one not verified without reason
     */
    public SignatureInfo {
        if (verified && (!signed || publisher == null)) {
            throw new IllegalArgumentException("a verified signature is signed and names its publisher");
        }
        if (signed) Objects.requireNonNull(publisher, "publisher");
        if (!verified) Objects.requireNonNull(reason, "reason");
    }

    /**
     * Signed by {@code keyId}, checked with that trusted key, every file as signed.
     *
     * @param keyId the publisher's key id
     * @return the outcome
     */
    public static SignatureInfo verified(String keyId) {
        return new SignatureInfo(true, true, keyId, null);
    }

    /**
     * Signed by {@code keyId} but not checked, for {@code reason} (e.g. the key is not trusted).
     *
     * @param keyId  the key id the signature names
     * @param reason why it could not be checked
     * @return the outcome
     */
    public static SignatureInfo unverified(String keyId, String reason) {

        return new SignatureInfo(true, false, keyId, reason);
    }

    @Override
    public String toString() {
        if (!signed) return "unsigned";
        return verified ? "verified, publisher " + publisher : "signed by " + publisher + ", not verified: " + reason;
    }
}
