package org.mailauth.arc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.TestKeys;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.message.HeaderField;
import org.mailauth.message.HeaderSection;

/**
 * The structure of a chain (RFC 8617 §5.2 steps 1 to 3), on chains sealed by real {@link ArcSealer}s and then
 * rearranged: every broken structure fails with a reason before any key is looked up.
 */
class ArcChainTest {

    private final List<Hop> hops = List.of(Hop.rsa("origin.example"), Hop.rsa("lists.example"), Hop.rsa("forwarder.example"));
    private final InMemoryDnsResolver dns = dns();
    private final ArcVerifier verifier = new ArcVerifier(dns, DkimSettings.defaults());

    private InMemoryDnsResolver dns() {
        InMemoryDnsResolver.Builder builder = InMemoryDnsResolver.builder();
        hops.forEach(hop -> hop.publish(builder));
        return builder.build();
    }

    private byte[] sealedThreeTimes() {
        byte[] message = Hop.bytes(Hop.MESSAGE);
        for (Hop hop : hops) {
            message = hop.relay(message, verifier);
        }
        return message;
    }

    /** The whole ARC fields of {@code message} (folding included), top first. */
    private static List<String> arcFields(byte[] message) {
        List<String> fields = new ArrayList<>();
        for (HeaderField field : HeaderSection.of(message).fields()) {
            if (field.lowerCaseName().startsWith("arc-")) {
                fields.add(field.raw());
            }
        }
        return fields;
    }

    private ArcVerification verifyWithoutLookups(byte[] message) {
        int before = dns.lookups();
        ArcVerification verification = Hop.verify(verifier, message);
        assertThat(verification.status()).as("%s", verification).isEqualTo(ChainValidationStatus.FAIL);
        assertThat(dns.lookups()).as("a broken structure fails before any key is looked up").isEqualTo(before);
        return verification;
    }

    @Test
    void aMessageWithoutArcFieldsHasNoChain() {
        ArcVerification verification = Hop.verify(verifier, Hop.bytes(Hop.MESSAGE));

        assertThat(verification.status()).as("§5.2 step 1").isEqualTo(ChainValidationStatus.NONE);
        assertThat(verification.reason()).isEmpty();
        assertThat(ArcChain.of(HeaderSection.of(Hop.bytes(Hop.MESSAGE)).fields()).present()).isFalse();
    }

    @Test
    void fiftySetsIsTheMostAChainMayHaveAndStillPasses() {
        byte[] message = fiftySets();

        ArcVerification verification = Hop.verify(verifier, message);

        assertThat(verification.status()).as("%s", verification).isEqualTo(ChainValidationStatus.PASS);
        assertThat(verification.instances()).isEqualTo(50);
    }

    @Test
    void aFiftyFirstSetFailsTheChainNamingTheLimitOfFifty() {
        byte[] fifty = fiftySets();
        String latest = String.join("\r\n", arcFields(fifty).subList(0, 3)).replaceAll("\\bi=50;", "i=51;");

        ArcVerification verification = verifyWithoutLookups(Hop.prepend(latest, fifty));

        assertThat(verification.reason()).as("§5.2 step 1").hasValueSatisfying(reason -> assertThat(reason).contains("50"));
    }

    @Test
    void anInstanceAboveFiftyFailsTheChainNamingTheLimitOfFifty() {
        String sealed = Hop.text(hops.get(0).relay(Hop.bytes(Hop.MESSAGE), verifier));

        ArcVerification verification = verifyWithoutLookups(Hop.bytes(sealed.replaceAll("\\bi=1;", "i=51;")));

        assertThat(verification.reason()).as("§4.2.1").hasValueSatisfying(reason -> assertThat(reason).contains("i=51").contains("50"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results"})
    void twoFieldsOfOneNameWithTheSameInstanceFailTheChain(String name) {
        byte[] message = sealedThreeTimes();
        String second = arcFields(message).stream().filter(field -> field.startsWith(name + ":") && field.matches("(?s).*\\bi=2;.*"))
            .findFirst().orElseThrow();

        ArcVerification verification = verifyWithoutLookups(Hop.prepend(second, message));

        assertThat(verification.reason()).as("§5.2 step 3.A").hasValueSatisfying(reason ->
            assertThat(reason).contains("two " + name + " fields with i=2"));
    }

    @Test
    void aSecondMessageSignatureOfTheSameInstanceFailsTheChainEvenIfItVerifies() {
        byte[] once = hops.get(0).relay(Hop.bytes(Hop.MESSAGE), verifier);
        byte[] twice = hops.get(1).relay(once, verifier);
        String otherAms = arcFields(hops.get(2).relay(once, verifier)).get(1);

        ArcVerification verification = verifyWithoutLookups(Hop.prepend(otherAms, twice));

        assertThat(otherAms).startsWith("ARC-Message-Signature: ").contains("i=2;").contains("d=forwarder.example");
        assertThat(verification.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("two ARC-Message-Signature fields with i=2"));
    }

    @Test
    void aSealSayingCvFailInTheMiddleFailsTheChain() {
        UncheckedSealer sealer = new UncheckedSealer(TestKeys.RSA_2048.getPrivate(), DkimAlgorithm.RSA_SHA256, "origin.example", "arc");
        byte[] message = Hop.bytes(Hop.MESSAGE);
        message = sealer.seal(message, 1, ChainValidationStatus.NONE);
        message = sealer.seal(message, 2, ChainValidationStatus.FAIL);
        message = sealer.seal(message, 3, ChainValidationStatus.PASS);
        assertThat(Hop.text(message)).contains("cv=fail");

        ArcVerification verification = verifyWithoutLookups(message);

        assertThat(verification.reason()).as("§5.2 step 3.C; every signature of this chain is good").hasValueSatisfying(reason ->
            assertThat(reason).contains("ARC-Seal i=2 says cv=fail"));
    }

    @Test
    void theLatestSealSayingCvFailFailsTheChain() {
        byte[] message = hops.get(1).seal(hops.get(0).relay(Hop.bytes(Hop.MESSAGE), verifier), ChainValidationStatus.FAIL);

        ArcVerification verification = verifyWithoutLookups(message);

        assertThat(verification.reason()).as("§5.2 step 2").hasValueSatisfying(reason ->
            assertThat(reason).contains("latest ARC-Seal (i=2) says cv=fail"));
    }

    @Test
    void aFirstSealSayingCvPassFailsTheChain() {
        UncheckedSealer sealer = new UncheckedSealer(TestKeys.RSA_2048.getPrivate(), DkimAlgorithm.RSA_SHA256, "origin.example", "arc");

        ArcVerification verification = verifyWithoutLookups(sealer.seal(Hop.bytes(Hop.MESSAGE), 1, ChainValidationStatus.PASS));

        assertThat(verification.reason()).as("§5.2 step 3.C").hasValueSatisfying(reason ->
            assertThat(reason).contains("ARC-Seal i=1 says cv=pass, not none"));
    }

    @Test
    void aMissingSetFailsTheChain() {
        byte[] message = sealedThreeTimes();
        String withoutSetTwo = Hop.text(message);
        for (String field : arcFields(message)) {
            if (field.matches("(?s).*\\bi=2;.*")) {
                withoutSetTwo = withoutSetTwo.replace(field + "\r\n", "");
            }
        }

        ArcVerification verification = verifyWithoutLookups(Hop.bytes(withoutSetTwo));

        assertThat(verification.reason()).as("§5.2 step 3.B").hasValueSatisfying(reason -> assertThat(reason).contains("ARC Set i=2 has no"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results"})
    void aSetWithoutOneOfItsThreeFieldsFailsTheChain(String name) {
        byte[] message = sealedThreeTimes();
        String field = arcFields(message).stream().filter(f -> f.startsWith(name + ":") && f.matches("(?s).*\\bi=1;.*")).findFirst().orElseThrow();

        ArcVerification verification = verifyWithoutLookups(Hop.bytes(Hop.text(message).replace(field + "\r\n", "")));

        assertThat(verification.reason()).as("§5.2 step 3.A").hasValueSatisfying(reason -> assertThat(reason).contains("ARC Set i=1 has no " + name));
    }

    @Test
    void anUnreadableArcFieldFailsTheChainWithItsReason() {
        byte[] message = Hop.prepend("ARC-Seal: i=4; a=rsa-sha256; cv=pass; d=x.example; s=arc; b=???", sealedThreeTimes());

        ArcVerification verification = verifyWithoutLookups(message);

        assertThat(verification.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("ARC-Seal").contains("b= is not base64"));
    }

    /** 50 hops, each sealing what the one before passed on (cv=pass: validating each would take 1,275 seal checks). */
    private byte[] fiftySets() {
        byte[] message = hops.get(0).seal(Hop.bytes(Hop.MESSAGE), ChainValidationStatus.NONE);
        for (int hop = 2; hop <= 50; hop++) {
            message = hops.get(hop % 3).seal(message, ChainValidationStatus.PASS);
        }
        return message;
    }
}
