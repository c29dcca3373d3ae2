package org.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.sign.DkimSigner;
import org.mailauth.dkim.sign.SigningSettings;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dkim.verify.DkimVerifier;
import org.mailauth.dns.InMemoryDnsResolver;

/** Interoperability with dkimpy, an independent implementation: its signatures verify here, and ours there. */
class DkimpyInteropTest {

    @BeforeAll
    static void theOtherImplementationIsInstalled() {
        Dkimpy.requireInstalled();
    }

    private static final String RSA_RECORD = TestKeys.rsa2048("rsa").publicKeyRecord();
    private static final String ED_RECORD = TestKeys.ed25519("ed").publicKeyRecord();
    private static final InMemoryDnsResolver DNS = InMemoryDnsResolver.builder()
        .txt("rsa._domainkey.example.org", RSA_RECORD)
        .txt("ed._domainkey.example.org", ED_RECORD)
        .build();

    /** A message with the shapes real mail has: folded and repeated fields, 8-bit body, multipart, odd spacing. */
    static final String REAL_WORLD = "Received: from a.example by b.example; Sat, 28 Nov 2026 11:59:00 +0000\r\n"
        + "Received: from c.example by a.example; Sat, 28 Nov 2026 11:58:00 +0000\r\n"
        + "From: \"Alice Exemple\" <alice@example.org>\r\n"
        + "To: Bob <bob@example.com>,\r\n"
        + "\tCarol <carol@example.com>\r\n"
        + "Subject:   Café\t menu  \r\n"
        + "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n"
        + "Message-ID: <menu-1@example.org>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: multipart/alternative; boundary=\"b1\"\r\n"
        + "\r\n"
        + "--b1\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n"
        + "\r\n"
        + "Entrée \t du jour:  soupe   \r\n"
        + "\r\n"
        + "--b1--\r\n"
        + "\r\n"
        + "\r\n";

    static Stream<Arguments> combinations() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (String algorithm : new String[] {"rsa-sha256", "ed25519-sha256"}) {
            for (String canonicalization : new String[] {"simple/simple", "simple/relaxed", "relaxed/simple", "relaxed/relaxed"}) {
                all.add(Arguments.of(algorithm, canonicalization));
            }
        }
        return all.build();
    }

    private static String signedByDkimpy(String message, String algorithm, String canonicalization) {
        boolean rsa = algorithm.startsWith("rsa");
        Path key = rsa ? TestKeys.rsa2048Pem() : TestKeys.ed25519Base64();
        return Dkimpy.sign(message, "example.org", rsa ? "rsa" : "ed", key, algorithm, canonicalization) + message;
    }

    private static DkimVerification verify(String message) {
        return Messages.verify(new DkimVerifier(DNS, DkimSettings.defaults()), message);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combinations")
    void dkimpySignaturesVerify(String algorithm, String canonicalization) {
        DkimVerification verification = verify(signedByDkimpy(REAL_WORLD, algorithm, canonicalization));

        assertThat(verification.verdict()).as(verification.toString()).isEqualTo(DkimResult.PASS);
        assertThat(verification.signatures().get(0).algorithm()).isEqualTo(algorithm);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combinations")
    void dkimpySignaturesFailWhenTamperedWith(String algorithm, String canonicalization) {
        String signed = signedByDkimpy(REAL_WORLD, algorithm, canonicalization);

        assertThat(verify(signed.replace("Subject:   Café", "Subject:   Cafe")).verdict()).isEqualTo(DkimResult.FAIL);
        assertThat(verify(signed.replace("soupe", "salade")).verdict()).isEqualTo(DkimResult.FAIL);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combinations")
    void dkimpyVerifiesOurSignatures(String algorithm, String canonicalization) {
        String[] c = canonicalization.split("/");
        SigningKey key = algorithm.startsWith("rsa") ? TestKeys.rsa2048("rsa") : TestKeys.ed25519("ed");
        DkimSigner signer = new DkimSigner(key, SigningSettings.builder()
            .canonicalization(Canonicalization.valueOf(c[0].toUpperCase()), Canonicalization.valueOf(c[1].toUpperCase())).build());

        String signed = Messages.signed(signer, REAL_WORLD);

        assertThat(Dkimpy.verify(signed, "rsa._domainkey.example.org=" + RSA_RECORD, "ed._domainkey.example.org=" + ED_RECORD))
            .isEqualTo("pass");
    }

    @Test
    void dkimpyVerifiesBothOfAnRsaAndEd25519SignedMessage() {
        SigningSettings settings = SigningSettings.builder().build();
        String once = Messages.signed(new DkimSigner(TestKeys.ed25519("ed"), settings), REAL_WORLD);
        String twice = Messages.signed(new DkimSigner(TestKeys.rsa2048("rsa"), settings), once);

        assertThat(Dkimpy.verify(twice, "rsa._domainkey.example.org=" + RSA_RECORD, "ed._domainkey.example.org=" + ED_RECORD))
            .isEqualTo("pass\npass");
    }

    @Test
    void bareLineFeedInputVerifiesLikeCrlf() {
        String signed = signedByDkimpy(REAL_WORLD, "rsa-sha256", "simple/simple");

        assertThat(verify(signed.replace("\r\n", "\n")).verdict()).isEqualTo(DkimResult.PASS);
    }
}
