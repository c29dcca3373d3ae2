package org.mailauth.arc;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.TestKeys;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.dns.RecordType;

/** The signatures of a well-formed chain (RFC 8617 §5.2 steps 4 to 7), on chains sealed by real {@link ArcSealer}s. */
class ArcVerifierTest {

    private final Hop origin = Hop.rsa("origin.example");
    private final Hop list = Hop.rsa("lists.example");
    private final Hop forwarder = Hop.rsa("forwarder.example");
    private final InMemoryDnsResolver dns = forwarder.publish(list.publish(origin.publish(InMemoryDnsResolver.builder()))).build();
    private final ArcVerifier verifier = new ArcVerifier(dns, DkimSettings.defaults());

    @Test
    void aMessageSealedThreeTimesPassesWithOldestPassZero() {
        byte[] message = forwarder.relay(list.relay(origin.relay(Hop.bytes(Hop.MESSAGE), verifier), verifier), verifier);

        ArcVerification verification = Hop.verify(verifier, message);

        assertThat(verification.status()).as("%s", verification).isEqualTo(ChainValidationStatus.PASS);
        assertThat(verification.instances()).isEqualTo(3);
        assertThat(verification.oldestPass()).as("every AMS verifies (§5.2 step 5.B)").hasValue(0);
        assertThat(verification.sets()).allSatisfy(set -> {
            assertThat(set.messageSignature().passed()).isTrue();
            assertThat(set.seal().passed()).isTrue();
        });
        assertThat(verification.authenticationResult(java.util.Optional.empty()).toString()).contains("header.oldest-pass=0");
    }

    @Test
    void aBodyChangedByTheSecondHopStillPassesWithOldestPassTwo() {
        byte[] sealedOnce = origin.relay(Hop.bytes(Hop.MESSAGE), verifier);
        assertThat(Hop.verify(verifier, sealedOnce).status()).as("what the list receives").isEqualTo(ChainValidationStatus.PASS);
        byte[] withFooter = Hop.bytes(Hop.text(sealedOnce) + "--\r\nlist footer\r\n");

        ArcVerification verification = Hop.verify(verifier, list.seal(withFooter, ChainValidationStatus.PASS));

        assertThat(verification.status()).as("the latest AMS and every AS verify: %s", verification).isEqualTo(ChainValidationStatus.PASS);
        assertThat(verification.oldestPass()).as("AMS i=1 fails, so i=2 is the oldest that passes (§5.2 step 5.A)").hasValue(2);
        assertThat(verification.sets().get(0).messageSignature().reason()).hasValue("body hash did not verify");
        assertThat(verification.authenticationResult(java.util.Optional.empty()).toString()).contains("header.oldest-pass=2");
    }

    @Test
    void oldestPassIsNotComputedWhenTheOlderSignaturesWouldHashMoreThanTheBudgetAndTheChainStillPasses() {
        String big = "X-Big: " + "x".repeat(60_000) + "\r\n";
        byte[] huge = Hop.bytes(big.repeat(75) + Hop.MESSAGE);
        byte[] message = forwarder.relay(list.relay(origin.relay(huge, verifier), verifier), verifier);

        ArcVerification verification = Hop.verify(verifier, message);

        assertThat(verification.status()).as("%s", verification).isEqualTo(ChainValidationStatus.PASS);
        assertThat(verification.oldestPass()).as("2 older AMS x 4.5 MB of header > %s octets", ArcVerifier.OLDEST_PASS_BUDGET).isEmpty();
        assertThat(verification.sets().get(0).messageSignature().outcome()).isEqualTo(SignatureCheck.Outcome.NOT_CHECKED);
        assertThat(verification.authenticationResult(java.util.Optional.empty()).toString()).isEqualTo("arc=pass");
    }

    @Test
    void aBodyChangedAfterTheLastSealFailsTheChain() {
        byte[] sealed = list.relay(origin.relay(Hop.bytes(Hop.MESSAGE), verifier), verifier);

        ArcVerification verification = Hop.verify(verifier, Hop.bytes(Hop.text(sealed) + "appended\r\n"));

        assertThat(verification.status()).isEqualTo(ChainValidationStatus.FAIL);
        assertThat(verification.reason()).as("§5.2 step 4").hasValueSatisfying(reason ->
            assertThat(reason).contains("ARC-Message-Signature i=2").contains("body hash did not verify"));
        assertThat(verification.oldestPass()).isEmpty();
    }

    @Test
    void aChangedArcAuthenticationResultsFailsItsSeal() {
        byte[] sealed = list.relay(origin.relay(Hop.bytes(Hop.MESSAGE), verifier), verifier);

        ArcVerification verification = Hop.verify(verifier, Hop.bytes(Hop.text(sealed).replace("origin.example; arc=none", "origin.example; arc=pass")));

        assertThat(verification.status()).isEqualTo(ChainValidationStatus.FAIL);
        assertThat(verification.reason()).as("§5.2 step 6").hasValueSatisfying(reason ->
            assertThat(reason).contains("ARC-Seal i=2").contains("signature did not verify"));
    }

    @Test
    void aTemporaryDnsFailureForASealKeyFailsTheChain() {
        byte[] message = list.relay(origin.relay(Hop.bytes(Hop.MESSAGE), verifier), verifier);
        InMemoryDnsResolver failing = list.publish(InMemoryDnsResolver.builder())
            .temporaryFailure("arc._domainkey.origin.example", RecordType.TXT).build();

        ArcVerification verification = Hop.verify(new ArcVerifier(failing, DkimSettings.defaults()), message);

        assertThat(verification.status()).as("all failures are permanent (RFC 8617 §5.2.1): %s", verification)
            .isEqualTo(ChainValidationStatus.FAIL);
        assertThat(verification.reason()).hasValueSatisfying(reason ->
            assertThat(reason).contains("ARC-Seal i=1").contains("arc._domainkey.origin.example"));
    }

    @Test
    void aTemporaryDnsFailureForTheLatestMessageSignatureKeyFailsTheChain() {
        byte[] message = list.relay(origin.relay(Hop.bytes(Hop.MESSAGE), verifier), verifier);
        InMemoryDnsResolver failing = origin.publish(InMemoryDnsResolver.builder()).temporaryFailure("arc._domainkey.lists.example").build();

        ArcVerification verification = Hop.verify(new ArcVerifier(failing, DkimSettings.defaults()), message);

        assertThat(verification.status()).isEqualTo(ChainValidationStatus.FAIL);
        assertThat(verification.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("ARC-Message-Signature i=2"));
    }

    @Test
    void ed25519SealsAndMessageSignaturesVerify() {
        Hop edOrigin = Hop.ed25519("ed.origin.example");
        Hop edList = Hop.ed25519("ed.lists.example");
        InMemoryDnsResolver edDns = edList.publish(edOrigin.publish(origin.publish(InMemoryDnsResolver.builder()))).build();
        ArcVerifier edVerifier = new ArcVerifier(edDns, DkimSettings.defaults());

        byte[] message = edList.relay(origin.relay(edOrigin.relay(Hop.bytes(Hop.MESSAGE), edVerifier), edVerifier), edVerifier);
        ArcVerification verification = Hop.verify(edVerifier, message);

        assertThat(Hop.text(message)).contains("a=ed25519-sha256");
        assertThat(verification.status()).as("RFC 8463 keys in a chain with an RSA hop: %s", verification).isEqualTo(ChainValidationStatus.PASS);
        assertThat(verification.oldestPass()).hasValue(0);
    }

    @Test
    void rsaSha1IsRefused() {
        InMemoryDnsResolver sha1Dns = InMemoryDnsResolver.builder().txt("old._domainkey.sha1.example", record(TestKeys.RSA_2048)).build();
        byte[] message = new UncheckedSealer(TestKeys.RSA_2048.getPrivate(), DkimAlgorithm.RSA_SHA1, "sha1.example", "old")
            .seal(Hop.bytes(Hop.MESSAGE), 1, ChainValidationStatus.NONE);

        ArcVerification verification = Hop.verify(new ArcVerifier(sha1Dns, DkimSettings.defaults()), message);

        assertThat(verification.status()).isEqualTo(ChainValidationStatus.FAIL);
        assertThat(verification.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("rsa-sha1").contains("RFC 8301 §3.1"));
    }

    @Test
    void anRsaKeyOfFewerThan1024BitsIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(512);
        KeyPair shortKey = generator.generateKeyPair();
        InMemoryDnsResolver shortDns = InMemoryDnsResolver.builder().txt("short._domainkey.short.example", record(shortKey)).build();
        byte[] message = new UncheckedSealer(shortKey.getPrivate(), DkimAlgorithm.RSA_SHA256, "short.example", "short")
            .seal(Hop.bytes(Hop.MESSAGE), 1, ChainValidationStatus.NONE);

        ArcVerification verification = Hop.verify(new ArcVerifier(shortDns, DkimSettings.defaults()), message);
        ArcVerification allowingShortKeys = Hop.verify(new ArcVerifier(shortDns, DkimSettings.builder().minRsaBits(512).build()), message);

        assertThat(verification.status()).isEqualTo(ChainValidationStatus.FAIL);
        assertThat(verification.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("512 bits").contains("RFC 8301 §3.2"));
        assertThat(allowingShortKeys.status()).as("the signatures themselves are good: %s", allowingShortKeys).isEqualTo(ChainValidationStatus.PASS);
    }

    private static String record(KeyPair keys) {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }
}
