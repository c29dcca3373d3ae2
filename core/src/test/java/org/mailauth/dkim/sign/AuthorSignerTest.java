package org.mailauth.dkim.sign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.DkimResult;
import org.mailauth.dkim.DkimSignatureResult;
import org.mailauth.dkim.Messages;
import org.mailauth.dkim.TestKeys;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.keys.SigningKeys;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dkim.verify.DkimVerifier;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.message.HeaderSection;

/** Outbound signing for the author (RFC 6376 §5, RFC 5322 §3.6.2): keys chosen by the From address, one field each. */
class AuthorSignerTest {

    private static final SigningKey RSA = TestKeys.rsa2048("rsa");
    private static final SigningKey ED25519 = TestKeys.ed25519("ed");

    /** Keys by author address, and failures for the author "broken@example.org". */
    private static SigningKeys keys(Map<String, List<SigningKey>> byAuthor) {
        return new SigningKeys() {
            @Override
            public Selection select(String authorAddress) {
                List<String> failures = authorAddress.startsWith("broken@") ? List.of("key 'gone' (/keys/gone) cannot be used: the file "
                    + "does not exist") : List.of();
                return new Selection(byAuthor.getOrDefault(authorAddress, List.of()), failures);
            }

            @Override
            public void check() {
            }
        };
    }

    private static AuthorSigner signer(Map<String, List<SigningKey>> byAuthor, Optional<DkimAlgorithm> algorithm) {
        return new AuthorSigner(keys(byAuthor), SigningSettings.defaults(), algorithm);
    }

    private static HeaderSection header(String message) {
        return HeaderSection.of(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static List<String> sign(AuthorSigner.Signing signing, String message) throws Exception {
        AuthorSigner.Session session = signing.start();
        new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)).transferTo(session);
        return session.finish();
    }

    @Test
    void theAuthorAddressChoosesTheKeysAndEachMakesASignatureThatVerifies() throws Exception {
        AuthorSigner signer = signer(Map.of("alice@example.org", List.of(RSA, ED25519)), Optional.empty());

        AuthorSigner.Signing signing = signer.signing(header(Messages.PLAIN));
        List<String> fields = sign(signing, Messages.PLAIN);

        assertThat(signing.author()).hasValue("alice@example.org");
        assertThat(fields).hasSize(2);
        assertThat(fields.get(0)).startsWith("DKIM-Signature: v=1; a=rsa-sha256;");
        assertThat(fields.get(1)).startsWith("DKIM-Signature: v=1; a=ed25519-sha256;");
        DkimVerifier verifier = new DkimVerifier(InMemoryDnsResolver.builder().txt("rsa._domainkey.example.org", RSA.publicKeyRecord())
            .txt("ed._domainkey.example.org", ED25519.publicKeyRecord()).build(), DkimSettings.defaults());
        assertThat(Messages.verify(verifier, String.join("\r\n", fields) + "\r\n" + Messages.PLAIN).signatures())
            .extracting(DkimSignatureResult::result).containsExactly(DkimResult.PASS, DkimResult.PASS);
    }

    @Test
    void anotherAuthorGetsNoKey() {
        AuthorSigner signer = signer(Map.of("alice@example.org", List.of(RSA)), Optional.empty());

        AuthorSigner.Signing signing = signer.signing(header(Messages.PLAIN.replace("alice@example.org", "mallory@example.org")));

        assertThat(signing.author()).hasValue("mallory@example.org");
        assertThat(signing.keys()).isEmpty();
        assertThat(signing.problem(true)).isEmpty();
    }

    @Test
    void aMessageWithoutAReadableFromAddressHasNoAuthorAndNoKey() {
        AuthorSigner signer = signer(Map.of("alice@example.org", List.of(RSA)), Optional.empty());

        AuthorSigner.Signing signing = signer.signing(header(Messages.PLAIN.replace("From: Alice <alice@example.org>", "From: Alice")));

        assertThat(signing.author()).isEmpty();
        assertThat(signing.keys()).isEmpty();
    }

    @Test
    void aKeyOfAnotherAlgorithmThanTheConfiguredOneIsNotUsed() {
        AuthorSigner signer = signer(Map.of("alice@example.org", List.of(RSA, ED25519)), Optional.of(DkimAlgorithm.ED25519_SHA256));

        assertThat(signer.signing(header(Messages.PLAIN)).keys()).containsExactly(ED25519);
    }

    @Test
    void aKeyThatCannotBeUsedIsAProblemWhenNoOtherSignsOrWhenEveryKeyMust() {
        AuthorSigner signer = signer(Map.of("broken@example.org", List.of(RSA)), Optional.empty());
        AuthorSigner none = signer(Map.of(), Optional.empty());
        String message = Messages.PLAIN.replace("alice@example.org", "broken@example.org");

        assertThat(signer.signing(header(message)).problem(false)).isEmpty();
        assertThat(signer.signing(header(message)).problem(true)).hasValue("not every key usable for broken@example.org: "
            + "key 'gone' (/keys/gone) cannot be used: the file does not exist");
        assertThat(none.signing(header(message)).problem(false)).hasValue("no usable key for broken@example.org: "
            + "key 'gone' (/keys/gone) cannot be used: the file does not exist");
    }
}
