package org.mailauth.arc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.TestKeys;
import org.mailauth.dkim.keys.SigningKey;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dns.InMemoryDnsResolver;

/**
 * One message may not make the validator ask DNS for more than {@value ArcVerifier#MAX_KEYS} keys: a chain of 50 sets
 * (RFC 8617 §5.2 step 1) with a key per AMS and AS would otherwise cost 100 lookups, as ten DKIM signatures are the
 * most a message gets checked for.
 */
class ArcDnsBudgetTest {

    private static final String KEY = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(TestKeys.RSA_2048.getPublic().getEncoded());

    @Test
    void aChainNamingMoreKeysThanTheBudgetFailsWithoutLookingThemUp() throws IOException {
        InMemoryDnsResolver dns = dnsWithSelectors(21);

        ArcVerification verification = verify(dns, chainOf(21));

        assertThat(verification.status()).isEqualTo(ChainValidationStatus.FAIL);
        assertThat(verification.reason()).hasValue("the chain names 21 keys; at most 20 are looked up per message");
        assertThat(dns.lookups()).isZero();
    }

    @Test
    void aChainWithinTheBudgetIsValidated() throws IOException {
        InMemoryDnsResolver dns = dnsWithSelectors(20);

        ArcVerification verification = verify(dns, chainOf(20));

        assertThat(verification.status()).as("%s", verification).isEqualTo(ChainValidationStatus.PASS);
        assertThat(verification.instances()).isEqualTo(20);
        assertThat(dns.lookups()).isEqualTo(20);
    }

    private static InMemoryDnsResolver dnsWithSelectors(int count) {
        InMemoryDnsResolver.Builder dns = InMemoryDnsResolver.builder();
        for (int i = 1; i <= count; i++) {
            dns.txt("s" + i + "._domainkey.lists.example", KEY);
        }
        return dns.build();
    }

    /** A message through {@code hops} sealers, each with its own selector. */
    private static String chainOf(int hops) throws IOException {
        String message = "From: a@shop.example\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nHello.\r\n";
        InMemoryDnsResolver dns = dnsWithSelectors(hops);
        ChainValidationStatus status = ChainValidationStatus.NONE;
        for (int i = 1; i <= hops; i++) {
            ArcSealing sealing = new ArcSealer(SigningKey.rsa("lists.example", "s" + i, TestKeys.RSA_2048.getPrivate()), SealingSettings.defaults())
                .seal(stream(message), status, "lists.example; arc=" + status.keyword());
            message = String.join("\r\n", sealing.fields()) + "\r\n" + message;
            status = verify(dns, message).status();
        }
        return message;
    }

    private static ArcVerification verify(InMemoryDnsResolver dns, String message) throws IOException {
        return new ArcVerifier(dns, DkimSettings.defaults()).verify(stream(message)).toCompletableFuture().join();
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
