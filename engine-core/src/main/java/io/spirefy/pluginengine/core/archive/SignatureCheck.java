package io.spirefy.pluginengine.core.archive;

import io.spirefy.pluginengine.api.ArchiveException;
import io.spirefy.pluginengine.api.SignatureInfo;
import io.spirefy.pluginengine.api.TrustStore;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks the {@code plugin.sig} beside a source's manifest against the files the reader hashed
 * (contract section 9, "Signatures"). What can be checked is always checked: a malformed signature
 * file, a signature that a trusted key does not confirm, and files that differ from the list the
 * signature carries each reject the source, whether signatures are required or not, so a signature
 * that does not hold never passes silently. Only an unsigned source, or one signed by a key the
 * trust store lacks, depends on {@link #required()}.
 *
 * @param trust    the publisher keys that can verify
 * @param required whether only verified sources load
 */
public record SignatureCheck(TrustStore trust, boolean required) {

    /** Where the signature sits: beside the manifest. */
    public static final String FILE_NAME = "plugin.sig";

    /** No trusted key, nothing required: signatures are still read and what they list still checked. */
    public static final SignatureCheck DEFAULT = new SignatureCheck(TrustStore.empty(), false);

    public SignatureCheck {
        Objects.requireNonNull(trust, "trust");
    }

    /**
     * @param base the folder holding the manifest ({@code ""} or {@code "top/"})
     * @throws ArchiveException naming the source, the entry, and why the source is rejected
     */
    SignatureInfo check(ArchiveContent content, String base) {
        String source = content.source();
        String sigPath = base + FILE_NAME;
        if (!content.files().containsKey(sigPath)) {
            if (required) {
                throw new ArchiveException(source, null, "not signed: there is no " + FILE_NAME
                        + " beside the manifest, and signatures are required");
            }
            return SignatureInfo.UNSIGNED;
        }
        SignatureFile sig;
        try {
            sig = SignatureFile.parse(content.unpacked(sigPath));
        } catch (IllegalArgumentException e) {
            throw new ArchiveException(source, sigPath, "malformed signature: " + e.getMessage());
        }
        Optional<PublicKey> key = trust.key(sig.keyId());
        if (key.isPresent() && !sig.verifies(key.get())) {
            throw new ArchiveException(source, sigPath, "the signature does not verify with trusted publisher key "
                    + sig.keyId() + ": " + FILE_NAME + " was altered after signing, or made with another key");
        }
        compare(content, base, sigPath, sig);
        if (key.isEmpty()) {
            String why = "publisher key " + sig.keyId() + " is not in the trust store";
            if (required) {
                throw new ArchiveException(source, sigPath, "signed by an unknown key: " + why + ", and signatures are required");
            }
            return SignatureInfo.unverified(sig.keyId(), why);
        }
        return SignatureInfo.verified(sig.keyId());
    }

    /** The source's files, by path relative to the manifest's folder, to their SHA-256; the signature itself left out. */
    static Map<String, byte[]> digests(ArchiveContent content, String base) {
        Map<String, byte[]> digests = new LinkedHashMap<>();
        for (String path : content.files().keySet()) {
            if (!path.equals(base + FILE_NAME)) {
                digests.put(path.substring(base.length()), content.sha256(path));
            }
        }
        return digests;
    }

    /** Rejects the source when its files are not those the signature lists, naming each difference. */
    private static void compare(ArchiveContent content, String base, String sigPath, SignatureFile sig) {
        Map<String, String> listed = new LinkedHashMap<>(SignedListing.parse(sig.listing()));
        List<String> changed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        digests(content, base).forEach((path, digest) -> {
            String expected = listed.remove(path);
            if (expected == null) {
                added.add(path);
            } else if (!expected.equals(HexFormat.of().formatHex(digest))) {
                changed.add(path);
            }
        });
        List<String> removed = new ArrayList<>(listed.keySet());
        if (changed.isEmpty() && added.isEmpty() && removed.isEmpty()) {
            return;
        }
        List<String> why = new ArrayList<>();
        if (!changed.isEmpty()) why.add("entry changed after signing: " + String.join(", ", changed));
        if (!added.isEmpty()) why.add("entry added after signing: " + String.join(", ", added));
        if (!removed.isEmpty()) why.add("entry removed after signing: " + String.join(", ", removed));
        String first = !changed.isEmpty() ? base + changed.get(0) : !added.isEmpty() ? base + added.get(0) : sigPath;
        throw new ArchiveException(content.source(), first, String.join("; ", why)
                + " (signed by publisher key " + sig.keyId() + ")");
    }
}
