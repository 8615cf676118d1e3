package io.spirefy.pluginengine.api;

import io.spirefy.pluginengine.api.plugin.Permission;
import io.spirefy.pluginengine.api.plugin.Version;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.security.PublicKey;

import static org.assertj.core.api.Assertions.assertThat;

class PermissionPolicyTest {

    private static final Version V1 = Version.parse("1.0.0");

    private static PermissionRequest request(String id, Permission p, SignatureInfo signature) {
        return new PermissionRequest(id, V1, p, signature);
    }

    private static PublicKey newKey() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    }

    @Test
    void idPatternsMatchExactlyAnIdEveryIdOrAPrefixAtADot() {
        PermissionPolicy prefix = PermissionPolicy.grant("org.example.*", Permission.FILES);
        assertThat(prefix.grants(new PermissionRequest("org.example.a", V1, Permission.FILES))).isTrue();
        assertThat(prefix.grants(new PermissionRequest("org.example.a.b", V1, Permission.FILES))).isTrue();
        assertThat(prefix.grants(new PermissionRequest("org.example", V1, Permission.FILES))).isFalse();
        assertThat(prefix.grants(new PermissionRequest("org.examplex", V1, Permission.FILES))).isFalse();
        assertThat(prefix.grants(new PermissionRequest("org.example.a", V1, Permission.TEMPLATES))).isFalse();
        assertThat(PermissionPolicy.grant("*", Permission.FILES).grants(new PermissionRequest("x", V1, Permission.FILES))).isTrue();
        assertThat(PermissionPolicy.grant("a.b", Permission.FILES).grants(new PermissionRequest("a.bc", V1, Permission.FILES))).isFalse();
    }

    @Test
    void aSignedGrantNeedsASignatureVerifiedWithThatKey() throws Exception {
        PublicKey publisher = newKey();
        String id = TrustStore.keyId(publisher);
        String other = TrustStore.keyId(newKey());
        PermissionPolicy policy = PermissionPolicy.grantSigned(publisher, "org.example.*", Permission.FILES);

        assertThat(policy.grants(request("org.example.a", Permission.FILES, SignatureInfo.verified(id)))).isTrue();
        assertThat(policy.grants(request("org.example.a", Permission.FILES, SignatureInfo.UNSIGNED))).isFalse();
        assertThat(policy.grants(request("org.example.a", Permission.FILES, SignatureInfo.verified(other)))).isFalse();
        assertThat(policy.grants(request("org.example.a", Permission.FILES, SignatureInfo.unverified(id, "not in the trust store"))))
                .as("a signature naming the key but not checked proves nothing").isFalse();
        assertThat(policy.grants(request("org.other.a", Permission.FILES, SignatureInfo.verified(id)))).isFalse();
        assertThat(policy.grants(request("org.example.a", Permission.TEMPLATES, SignatureInfo.verified(id)))).isFalse();
        assertThat(new PermissionRequest("org.example.a", V1, Permission.FILES).signature()).isEqualTo(SignatureInfo.UNSIGNED);
    }
}
