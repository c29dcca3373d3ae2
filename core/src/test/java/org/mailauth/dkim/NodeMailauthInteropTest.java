package org.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;

/**
 * Our signatures verify with a second independent implementation, the Node.js {@code mailauth} package, for
 * both algorithms (RFC 6376 §3.3, RFC 8463 §3) and all four canonicalizations (RFC 6376 §3.4).
 */
class NodeMailauthInteropTest {

    @BeforeAll
    static void theOtherImplementationIsInstalled() {
        NodeMailauth.requireInstalled();
    }

    private static final SigningKey RSA = TestKeys.rsa2048("rsa");
    private static final SigningKey ED25519 = TestKeys.ed25519("ed");
    private static final Map<String, String> RECORDS = Map.of(
        "rsa._domainkey.example.org", RSA.publicKeyRecord(),
        "ed._domainkey.example.org", ED25519.publicKeyRecord());

    private static DkimSigner signer(String algorithm, String canonicalization) {
        String[] c = canonicalization.split("/");
        return new DkimSigner(algorithm.startsWith("rsa") ? RSA : ED25519, SigningSettings.builder()
            .canonicalization(Canonicalization.valueOf(c[0].toUpperCase()), Canonicalization.valueOf(c[1].toUpperCase())).build());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.mailauth.dkim.DkimpyInteropTest#combinations")
    void nodeMailauthVerifiesOurSignatures(String algorithm, String canonicalization) {
        String signed = Messages.signed(signer(algorithm, canonicalization), DkimpyInteropTest.REAL_WORLD);

        assertThat(NodeMailauth.verify(signed, RECORDS)).containsExactly("example.org/" + algorithm + "=pass");
    }

    /** It reports a body hash mismatch as "neutral" rather than "fail"; what matters is that it does not pass. */
    @Test
    void nodeMailauthDoesNotPassOurSignatureOverAChangedBody() {
        String signed = Messages.signed(signer("ed25519-sha256", "relaxed/relaxed"), DkimpyInteropTest.REAL_WORLD);

        assertThat(NodeMailauth.verify(signed.replace("soupe", "salade"), RECORDS))
            .containsAnyOf("example.org/ed25519-sha256=fail", "example.org/ed25519-sha256=neutral");
    }

    @Test
    void anRsaAndAnEd25519SignatureOfOneMessageBothVerify() {
        String once = Messages.signed(signer("ed25519-sha256", "relaxed/relaxed"), DkimpyInteropTest.REAL_WORLD);
        String twice = Messages.signed(signer("rsa-sha256", "relaxed/relaxed"), once);

        assertThat(NodeMailauth.verify(twice, RECORDS))
            .containsExactly("example.org/rsa-sha256=pass", "example.org/ed25519-sha256=pass");
    }
}
