package org.mailauth.dkim.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.TestKeys;
import org.mailauth.dkim.keys.PublishedKeyCheck.Problem;
import org.mailauth.dns.DnsJavaResolver;
import org.mailauth.dns.DnsResolver;
import org.mailauth.dns.DnsSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.testkit.dns.LoopbackDnsServer;
import org.mailauth.testkit.dns.Zone;

/** The published key record (RFC 6376 §3.6.1, §3.6.2; RFC 8463 §4; RFC 8301 §3.2) against the private key. */
class PublishedKeyCheckTest {

    private static final SigningKey RSA = TestKeys.rsa2048("rsa");
    private static final SigningKey ED25519 = TestKeys.ed25519("ed");
    private static final String NAME = "rsa._domainkey.example.org";

    private static PublishedKeyCheck check(DnsResolver dns, SigningKey key) {
        return PublishedKeyCheck.run(dns, key, 1024).toCompletableFuture().join();
    }

    private static PublishedKeyCheck checkRsa(String record) {
        return check(InMemoryDnsResolver.builder().txt(NAME, record).build(), RSA);
    }

    @Test
    void theRecordOfThePrivateKeysPublicHalfIsUsable() {
        PublishedKeyCheck check = checkRsa(RSA.publicKeyRecord());

        assertThat(check.usable()).isTrue();
        assertThat(check.name()).isEqualTo(NAME);
        assertThat(check.publishedBits()).hasValue(2048);
        assertThat(check.secure()).isFalse();
    }

    @Test
    void anEd25519RecordMatchesItsPrivateKey() {
        PublishedKeyCheck check = check(InMemoryDnsResolver.builder().txt("ed._domainkey.example.org", ED25519.publicKeyRecord()).build(), ED25519);

        assertThat(check.usable()).isTrue();
        assertThat(check.publishedBits()).hasValue(256);
    }

    @Test
    void noRecordIsReportedAsSuch() {
        assertThat(check(InMemoryDnsResolver.builder().build(), RSA).problem()).isEqualTo(Problem.NO_RECORD);
    }

    @Test
    void aDnsFailureIsNotMistakenForAMissingRecord() {
        assertThat(check(InMemoryDnsResolver.builder().temporaryFailure(NAME).build(), RSA).problem()).isEqualTo(Problem.DNS_FAILURE);
    }

    @Test
    void anUnreadableRecordIsASyntaxProblem() {
        assertThat(checkRsa("v=DKIM1; k=rsa; p=not base64!").problem()).isEqualTo(Problem.SYNTAX);
        assertThat(checkRsa("k=rsa; v=DKIM1; p=" + RSA.publicKeyRecord().substring(RSA.publicKeyRecord().indexOf("p=") + 2)).problem())
            .as("v= must come first").isEqualTo(Problem.SYNTAX);
    }

    @Test
    void anEmptyPublicKeyMeansRevoked() {
        assertThat(checkRsa("v=DKIM1; k=rsa; p=").problem()).isEqualTo(Problem.REVOKED);
    }

    @Test
    void anotherKeyIsAMismatch() {
        String otherKey = SigningKey.rsa("example.org", "rsa", TestKeys.RSA_1024.getPrivate()).publicKeyRecord();

        PublishedKeyCheck check = checkRsa(otherKey);

        assertThat(check.problem()).isEqualTo(Problem.MISMATCH);
    }

    @Test
    void aRecordOfTheOtherKeyTypeIsReported() {
        assertThat(checkRsa(ED25519.publicKeyRecord()).problem()).isEqualTo(Problem.WRONG_TYPE);
    }

    @Test
    void aRecordRestrictedToOtherHashesOrServicesIsNotUsable() {
        String p = RSA.publicKeyRecord().substring(RSA.publicKeyRecord().indexOf("p="));
        assertThat(checkRsa("v=DKIM1; h=sha1; k=rsa; " + p).problem()).isEqualTo(Problem.NOT_FOR_SHA256_EMAIL);
        assertThat(checkRsa("v=DKIM1; s=other; k=rsa; " + p).problem()).isEqualTo(Problem.NOT_FOR_SHA256_EMAIL);
    }

    @Test
    void aKeyShorterThanTheMinimumIsTooShort() {
        SigningKey shortKey = SigningKey.rsa("example.org", "rsa", TestKeys.RSA_1024.getPrivate());

        PublishedKeyCheck check = PublishedKeyCheck.run(InMemoryDnsResolver.builder().txt(NAME, shortKey.publicKeyRecord()).build(),
            shortKey, 2048).toCompletableFuture().join();

        assertThat(check.problem()).isEqualTo(Problem.TOO_SHORT);
        assertThat(check.publishedBits()).hasValue(1024);
    }

    @Test
    void twoRecordsAtTheNameAreAmbiguous() {
        InMemoryDnsResolver dns = InMemoryDnsResolver.builder().txt(NAME, RSA.publicKeyRecord()).txt(NAME, "v=DKIM1; p=").build();

        assertThat(check(dns, RSA).problem()).isEqualTo(Problem.SYNTAX);
    }

    @Test
    void aTestingRecordIsUsableWithARemark() {
        PublishedKeyCheck check = checkRsa(RSA.publicKeyRecord().replace("k=rsa;", "k=rsa; t=y;"));

        assertThat(check.usable()).isTrue();
        assertThat(check.testing()).isTrue();
        assertThat(check.detail()).contains("t=y");
    }

    @Test
    void aDnssecAuthenticatedAnswerMakesTheKeySecure() {
        try (LoopbackDnsServer server = LoopbackDnsServer.start(Zone.builder().authenticated(true).longTxt(NAME, RSA.publicKeyRecord()).build());
             DnsJavaResolver dns = new DnsJavaResolver(DnsSettings.builder().serverSpecs(List.of(server.hostAndPort()))
                 .timeout(Duration.ofSeconds(2)).build(), ForkJoinPool.commonPool())) {
            PublishedKeyCheck check = check(dns, RSA);

            assertThat(check.usable()).isTrue();
            assertThat(check.secure()).isTrue();
        }
    }
}
