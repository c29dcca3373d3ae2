package org.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

/** Key records (RFC 6376 §3.6.1, RFC 8463 §4). */
class DkimKeyTest {

    private static final String RSA = TestKeys.rsa2048("s").publicKeyRecord();

    @Test
    void anRsaKeyIsDecodedWithItsSize() throws Exception {
        DkimKey key = DkimKey.parse(RSA);

        assertThat(key.keyType()).isEqualTo("rsa");
        assertThat(key.bits()).isEqualTo(2048);
        assertThat(key.revoked()).isFalse();
    }

    @Test
    void aBarePkcs1RsaKeyIsAcceptedToo() throws Exception {
        byte[] spki = Base64.getDecoder().decode(RSA.substring(RSA.indexOf("p=") + 2));
        byte[] pkcs1 = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getBytes();

        assertThat(DkimKey.parse("k=rsa; p=" + Base64.getEncoder().encodeToString(pkcs1)).bits()).isEqualTo(2048);
    }

    @Test
    void anEd25519KeyIsThe32RawOctets() throws Exception {
        assertThat(DkimKey.parse(Rfc8463ExampleTest.ED25519_KEY).bits()).isEqualTo(256);
        assertThatThrownBy(() -> DkimKey.parse("k=ed25519; p=AAAA")).hasMessageContaining("32 octets");
    }

    @Test
    void anEmptyPublicKeyIsARevokedKey() throws Exception {
        assertThat(DkimKey.parse("v=DKIM1; p=").revoked()).isTrue();
    }

    @Test
    void theVersionMustComeFirstAndBeDkim1() {
        assertThatThrownBy(() -> DkimKey.parse("k=rsa; v=DKIM1; p=")).hasMessageContaining("must come first");
        assertThatThrownBy(() -> DkimKey.parse("v=DKIM2; p=")).hasMessageContaining("DKIM1");
    }

    @Test
    void flagsServiceTypesAndHashesAreRead() throws Exception {
        DkimKey key = DkimKey.parse("v=DKIM1; h=sha1 : sha256; s=email; t=y:s; p=");

        assertThat(key.allowsHash("sha256")).isTrue();
        assertThat(key.allowsEmail()).isTrue();
        assertThat(key.testing()).isTrue();
        assertThat(key.strict()).isTrue();
        assertThat(DkimKey.parse("h=sha1; p=").allowsHash("sha256")).isFalse();
        assertThat(DkimKey.parse("s=tlsrpt; p=").allowsEmail()).isFalse();
    }

    @Test
    void garbageIsASyntaxError() {
        assertThatThrownBy(() -> DkimKey.parse("k=rsa; p=!!!")).hasMessageContaining("base64");
        assertThatThrownBy(() -> DkimKey.parse("k=rsa; p=AAAA")).hasMessageContaining("not an RSA public key");
        assertThatThrownBy(() -> DkimKey.parse("k=dsa; p=AAAA")).hasMessageContaining("unknown key type");
        assertThatThrownBy(() -> DkimKey.parse("v=DKIM1")).hasMessageContaining("p=");
    }

    @Test
    void aSignatureVerifiesFromTheHashOfItsDataAsFromTheData() throws Exception {
        byte[] data = "arc-seal:a=rsa-sha256; b=; cv=none; d=example.org; i=1; s=k; t=1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(data);
        for (org.mailauth.dkim.keys.SigningKey signer : java.util.List.of(TestKeys.rsa2048("k"), TestKeys.ed25519("k"))) {
            DkimKey key = DkimKey.parse(signer.publicKeyRecord());
            byte[] signature = signer.sign(data);

            assertThat(key.verifies(signer.algorithm(), data, signature)).as("%s over the data", signer).isTrue();
            assertThat(key.verifiesDigest(signer.algorithm(), hash, signature)).as("%s over the hash", signer).isTrue();
            hash[0] ^= 1;
            assertThat(key.verifiesDigest(signer.algorithm(), hash, signature)).as("%s over another hash", signer).isFalse();
            hash[0] ^= 1;
        }
    }
}
