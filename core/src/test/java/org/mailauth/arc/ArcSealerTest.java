package org.mailauth.arc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailauth.dkim.DkimAlgorithm;
import org.mailauth.dkim.DkimKey;
import org.mailauth.dkim.verify.DkimSettings;
import org.mailauth.dns.InMemoryDnsResolver;
import org.mailauth.message.HeaderField;
import org.mailauth.message.HeaderSection;

/** What a sealer adds (RFC 8617 §5.1), and when it adds nothing. */
class ArcSealerTest {

    private final Hop origin = Hop.rsa("origin.example");
    private final Hop list = Hop.rsa("lists.example");
    private final Hop forwarder = Hop.rsa("forwarder.example");
    private final ArcVerifier verifier = new ArcVerifier(forwarder.publish(list.publish(origin.publish(InMemoryDnsResolver.builder()))).build(),
        DkimSettings.defaults());

    @Test
    void aMessageWithoutAChainGetsInstanceOneWithCvNone() {
        ArcSealing sealing = origin.sealing(Hop.bytes(Hop.MESSAGE), ChainValidationStatus.NONE);

        assertThat(sealing.instance()).as("§5.1 step 3").isEqualTo(1);
        assertThat(sealing.chainValidation()).isEqualTo(ChainValidationStatus.NONE);
        assertThat(sealing.fields()).hasSize(3);
        assertThat(sealing.fields().get(0)).startsWith("ARC-Seal: ").contains("cv=none");
        assertThat(sealing.fields().get(1)).startsWith("ARC-Message-Signature: ").doesNotContainIgnoringCase("h=arc-").doesNotContain(":arc-");
        assertThat(sealing.fields().get(2)).startsWith("ARC-Authentication-Results: i=1; ");
    }

    @Test
    void aPassingChainGetsTheNextInstanceWithCvPass() {
        byte[] once = origin.relay(Hop.bytes(Hop.MESSAGE), verifier);

        ArcSealing sealing = list.sealing(once, Hop.verify(verifier, once).status());

        assertThat(sealing.instance()).isEqualTo(2);
        assertThat(sealing.chainValidation()).isEqualTo(ChainValidationStatus.PASS);
        assertThat(sealing.fields().get(0)).contains("cv=pass").contains("i=2;");
    }

    @Test
    void aMessageWhoseLatestSealSaysCvFailGetsNoSet() {
        byte[] failed = list.seal(origin.relay(Hop.bytes(Hop.MESSAGE), verifier), ChainValidationStatus.FAIL);
        assertThat(Hop.text(failed)).contains("cv=fail");

        ArcSealing sealing = forwarder.sealing(failed, Hop.verify(verifier, failed).status());

        assertThat(sealing.sealed()).isFalse();
        assertThat(sealing.fields()).isEmpty();
        assertThat(sealing.notSealedReason()).as("§5.1 step 2").hasValueSatisfying(reason -> assertThat(reason).contains("cv=fail"));
    }

    @Test
    void sealingAChainThatFailedValidationWritesCvFailAndSignsOnlyItsOwnSet() throws Exception {
        byte[] twice = list.relay(origin.relay(Hop.bytes(Hop.MESSAGE), verifier), verifier);
        byte[] changed = Hop.bytes(Hop.text(twice) + "changed after the last seal\r\n");
        ArcVerification arriving = Hop.verify(verifier, changed);
        assertThat(arriving.status()).isEqualTo(ChainValidationStatus.FAIL);

        ArcSealing sealing = forwarder.sealing(changed, arriving.status());

        assertThat(sealing.instance()).isEqualTo(3);
        assertThat(sealing.chainValidation()).isEqualTo(ChainValidationStatus.FAIL);
        assertThat(sealing.fields().get(0)).contains("cv=fail");
        ArcSet own = set(sealing);
        List<ArcSet> whole = new ArrayList<>(ArcChain.of(HeaderSection.of(changed).fields()).sets());
        whole.add(own);
        assertThat(signs(sealing, List.of(own))).as("§5.1.2: as if the newest set were the only one").isTrue();
        assertThat(signs(sealing, whole)).isFalse();
    }

    @Test
    void aStructurallyBrokenChainIsSealedWithCvFailWhateverTheCallerSays() throws Exception {
        byte[] twice = list.relay(origin.relay(Hop.bytes(Hop.MESSAGE), verifier), verifier);
        String aar1 = HeaderSection.of(twice).fields().stream().filter(f -> f.hasName(ArcAuthenticationResults.NAME) && f.value().contains("i=1;"))
            .findFirst().orElseThrow().raw();
        byte[] broken = Hop.bytes(Hop.text(twice).replace(aar1 + "\r\n", ""));

        ArcSealing sealing = forwarder.sealing(broken, ChainValidationStatus.PASS);

        assertThat(sealing.chainValidation()).isEqualTo(ChainValidationStatus.FAIL);
        assertThat(sealing.instance()).as("one more than the highest instance found (§5.1 step 3)").isEqualTo(3);
        assertThat(signs(sealing, List.of(set(sealing)))).as("§5.1.2").isTrue();
    }

    @Test
    void aMessageWithFiftySetsGetsNoSet() {
        byte[] message = origin.seal(Hop.bytes(Hop.MESSAGE), ChainValidationStatus.NONE);
        for (int hop = 2; hop <= 50; hop++) {
            message = list.seal(message, ChainValidationStatus.PASS);
        }
        assertThat(ArcChain.of(HeaderSection.of(message).fields()).highestInstance()).isEqualTo(50);

        ArcSealing sealing = forwarder.sealing(message, ChainValidationStatus.PASS);

        assertThat(sealing.sealed()).isFalse();
        assertThat(sealing.notSealedReason()).as("§5.2 step 1: a 51st set would fail every validator").hasValueSatisfying(reason ->
            assertThat(reason).contains("50"));
    }

    private static ArcSet set(ArcSealing sealing) throws ArcSyntaxException {
        return new ArcSet(ArcAuthenticationResults.parse(HeaderField.of(sealing.fields().get(2))),
            ArcMessageSignature.parse(HeaderField.of(sealing.fields().get(1))), ArcSeal.parse(HeaderField.of(sealing.fields().get(0))));
    }

    private boolean signs(ArcSealing sealing, List<ArcSet> sets) throws Exception {
        ArcSeal seal = ArcSeal.parse(HeaderField.of(sealing.fields().get(0)));
        return DkimKey.parse(forwarder.key().publicKeyRecord()).verifies(DkimAlgorithm.RSA_SHA256, ArcVerifier.sealedData(sets), seal.signature());
    }
}
