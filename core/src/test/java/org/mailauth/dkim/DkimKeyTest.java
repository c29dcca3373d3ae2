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
}
